using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using PromptStack.Provisioning.Aws.Resilience;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Credentials per PromptStack user. With a RoleArn every user gets an assumed-role session that is tagged
/// with and restricted to their UserId (see <see cref="SessionPolicy"/>); sessions are cached and renewed
/// ten minutes before they expire. Without a RoleArn the process' own credentials are used.
/// AssumeRole calls are paced in the "sts" class of the shared pacer and retried only by the STS client's own
/// retry; a failure reaches the caller as <see cref="AwsCredentialsException"/>, which no retry above repeats.
/// Credentials are never logged or put in exception messages.
/// </summary>
public sealed partial class AwsCredentialSource : IDisposable
{
    public static readonly TimeSpan SessionDuration = TimeSpan.FromHours(1);
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Pseudo user id for the platform's own account-wide reads (the orphan sweeper's listings). Listing
    /// calls have no resource to carry a UserId tag, so a user-scoped session could never make them: with a
    /// RoleArn this identity gets a role session without the per-user session policy and tag; without one
    /// it is the process' own credentials like everyone else. '@' never occurs in a real (Guid) user id.
    /// </summary>
    public const string PlatformIdentity = "@platform";

    private readonly AwsSettings _settings;
    private readonly TimeProvider _time;
    private readonly Lazy<AWSCredentials> _baseCredentials;
    private readonly Lazy<IAmazonSecurityTokenService> _sts;
    private readonly bool _ownsSts;
    private readonly AwsPacer _pacer;
    private readonly bool _ownsPacer;
    private readonly RetryOptions _retries;
    private PacedSdkHttpClientFactory? _stsHttp;
    private readonly ConcurrentDictionary<string, UserSession> _sessions = new(StringComparer.Ordinal);

    /// <param name="pacer">The instance's shared pacer, so renewals count against STS's limit; an unshared default one when null.</param>
    /// <param name="retries">The shared retry budget; <see cref="RetryOptions.Default"/> when null.</param>
    public AwsCredentialSource(
        AwsSettings settings, TimeProvider? timeProvider = null, IAmazonSecurityTokenService? sts = null, AwsPacer? pacer = null,
        RetryOptions? retries = null)
    {
        _settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        _ownsPacer = pacer is null;
        _pacer = pacer ?? new AwsPacer(new AwsPacingSettings());
        _retries = retries ?? RetryOptions.Default;
        _baseCredentials = new Lazy<AWSCredentials>(ResolveBaseCredentials);
        _ownsSts = sts is null;
        _sts = sts is null ? new Lazy<IAmazonSecurityTokenService>(CreateStsClient) : new Lazy<IAmazonSecurityTokenService>(sts);
    }

    /// <summary>Whether users get their own assumed-role sessions.</summary>
    public bool UsesAssumeRole => !string.IsNullOrWhiteSpace(_settings.RoleArn);

    /// <summary>
    /// The process' own credentials: env/profile/instance chain, or fixed "test"/"test" when an emulator
    /// endpoint is configured and the environment provides none (emulators accept any key).
    /// </summary>
    public AWSCredentials BaseCredentials => _baseCredentials.Value;

    /// <summary>An AWSCredentials for SDK clients and signers that always resolves to the user's current session.</summary>
    public AWSCredentials ForUser(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return UsesAssumeRole ? new UserAwsCredentials(this, userId) : BaseCredentials;
    }

    /// <summary>Current credentials for the user, assuming the role when the cached session is missing or near expiry.</summary>
    public async Task<ImmutableCredentials> GetCredentialsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (!UsesAssumeRole)
        {
            return await BaseCredentials.GetCredentialsAsync();
        }

        var session = _sessions.GetOrAdd(userId, _ => new UserSession());
        var cached = session.Current;
        if (cached is not null && !NeedsRenewal(cached))
        {
            return cached.Credentials;
        }

        // One AssumeRole round per user at a time; others wait and share its result, failure included: a caller
        // queued behind a failed round does not run another one of its own.
        var rounds = Volatile.Read(ref session.Rounds);
        await session.Gate.WaitAsync(cancellationToken);
        try
        {
            cached = session.Current;
            var stillValid = cached is not null && cached.ExpiresAt > _time.GetUtcNow();
            if (cached is not null && !NeedsRenewal(cached))
            {
                return cached.Credentials;
            }

            if (session.Rounds != rounds && session.Failure is { } failed)
            {
                return stillValid ? cached!.Credentials : throw new AwsCredentialsException(failed.Message, failed.InnerException!);
            }

            try
            {
                session.Current = await AssumeRoleAsync(userId, cancellationToken);
                session.Failure = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The STS client has already retried; rethrown as is, an SDK client's retry would run the whole round again.
                session.Failure = new AwsCredentialsException($"Could not obtain AWS credentials (STS AssumeRole): {ex.Message}", ex);
                Volatile.Write(ref session.Rounds, session.Rounds + 1);

                // Renewal failed but the old session is still valid: keep serving it and try again on a later call.
                return stillValid ? cached!.Credentials : throw session.Failure;
            }

            Volatile.Write(ref session.Rounds, session.Rounds + 1);
            return session.Current.Credentials;
        }
        finally
        {
            session.Gate.Release();
        }
    }

    public void Dispose()
    {
        if (_ownsSts && _sts.IsValueCreated)
        {
            _sts.Value.Dispose();
        }

        foreach (var session in _sessions.Values)
        {
            session.Gate.Dispose();
        }

        _stsHttp?.Dispose();
        if (_ownsPacer)
        {
            _pacer.Dispose();
        }
    }

    private bool NeedsRenewal(CachedSession session) => _time.GetUtcNow() >= session.ExpiresAt - RenewBefore;

    private async Task<CachedSession> AssumeRoleAsync(string userId, CancellationToken cancellationToken)
    {
        var request = new AssumeRoleRequest
        {
            RoleArn = _settings.RoleArn,
            RoleSessionName = SessionName(userId),
            DurationSeconds = (int)SessionDuration.TotalSeconds,
        };
        if (userId != PlatformIdentity)
        {
            request.Tags = [new Tag { Key = SessionPolicy.UserIdTagKey, Value = userId }];
            request.Policy = SessionPolicy.Build(userId);
        }

        if (!string.IsNullOrWhiteSpace(_settings.ExternalId))
        {
            request.ExternalId = _settings.ExternalId;
        }

        // Lifetime is measured on our own clock from just before the call: STS grants exactly the requested
        // duration, and comparing its Expiration timestamp with our clock would add any clock skew.
        var requestedAt = _time.GetUtcNow();
        var response = await _sts.Value.AssumeRoleAsync(request, cancellationToken);
        var c = response.Credentials;
        var expiration = c.Expiration?.ToUniversalTime() ?? requestedAt.UtcDateTime + SessionDuration;
        var credentials = new AssumeRoleImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, expiration);
        return new CachedSession(credentials, requestedAt + SessionDuration);
    }

    /// <summary>RoleSessionName allows [\w+=,.@-]{2,64}; it shows up in CloudTrail, so keep the user id readable.</summary>
    private static string SessionName(string userId)
    {
        var name = "promptstack-" + InvalidSessionChars().Replace(userId, "-");
        return name.Length <= 64 ? name : name[..64];
    }

    private AWSCredentials ResolveBaseCredentials()
    {
        var hasEnvCredentials = !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"));
        if (_settings.UsesCustomEndpoint && !hasEnvCredentials)
        {
            return new BasicAWSCredentials("test", "test");
        }

        return DefaultAWSCredentialsIdentityResolver.GetCredentials();
    }

    private IAmazonSecurityTokenService CreateStsClient()
    {
        _stsHttp = new PacedSdkHttpClientFactory(_pacer, "sts", _ => PaceKeys.Sts);
        return new AmazonSecurityTokenServiceClient(
            BaseCredentials, SdkClientConfig.Apply(new AmazonSecurityTokenServiceConfig(), _settings, _retries, _stsHttp));
    }

    [GeneratedRegex(@"[^\w+=,.@-]")]
    private static partial Regex InvalidSessionChars();

    private sealed class UserSession
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile CachedSession? Current;

        /// <summary>AssumeRole rounds finished (succeeded or failed); written under <see cref="Gate"/>.</summary>
        public int Rounds;

        /// <summary>How the last round failed; null after a success.</summary>
        public AwsCredentialsException? Failure;
    }

    private sealed record CachedSession(AssumeRoleImmutableCredentials Credentials, DateTimeOffset ExpiresAt);
}
