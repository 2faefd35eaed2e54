using System.Net;
using System.Net.Http.Json;
using PromptStack.IntegrationTests.Infrastructure;

namespace PromptStack.IntegrationTests.Api;

public sealed class LoginRateLimitApp : SqliteApp
{
    public override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RATE_LIMIT_AUTH_PER_MINUTE"] = "3",
    };
}

public sealed class LoginRateLimitTests(LoginRateLimitApp app) : IClassFixture<LoginRateLimitApp>
{
    [Fact]
    public async Task Login_FourthAttemptInAMinute_Returns429WithRetryAfter()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.com", password = "whatever-123" });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        await ProblemAssert.IsProblemAsync(last!, HttpStatusCode.TooManyRequests, "Too many requests");
        Assert.InRange(int.Parse(last!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }
}
