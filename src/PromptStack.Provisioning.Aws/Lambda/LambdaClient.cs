using System.Text.Json;

namespace PromptStack.Provisioning.Aws;

/// <summary>
/// Minimal Lambda client over the REST-JSON API (version 2015-03-31; tags live under 2017-03-31),
/// because the AWSSDK.Lambda package is not available to this project.
/// </summary>
public sealed class LambdaClient
{
    private const string Functions = "/2015-03-31/functions";
    private readonly SigV4HttpClient _http;

    public LambdaClient(SigV4HttpClient http) => _http = http;

    /// <summary>Delay between polls of the waiters; short because moto and most real updates finish in seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public async Task<LambdaFunctionInfo> CreateFunctionAsync(LambdaCreateFunctionRequest request, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            request.FunctionName,
            request.Runtime,
            Role = request.RoleArn,
            request.Handler,
            request.Description,
            Code = new { ZipFile = Convert.ToBase64String(request.ZipFile) },
            Environment = request.Environment is null ? null : new { Variables = request.Environment },
            request.MemorySize,
            request.Timeout,
            PackageType = "Zip",
            request.Tags,
        };
        var result = await SendAsync(HttpMethod.Post, Functions, body, cancellationToken);
        return LambdaFunctionInfo.FromConfiguration(result, request.Tags);
    }

    /// <summary>Configuration and tags of a function, or null when it does not exist.</summary>
    public async Task<LambdaFunctionInfo?> GetFunctionAsync(string functionName, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await SendAsync(HttpMethod.Get, $"{Functions}/{Escape(functionName)}", null, cancellationToken);
            return LambdaFunctionInfo.FromConfiguration(result.Obj("Configuration"), result.Map("Tags"));
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public async Task<LambdaFunctionInfo> UpdateFunctionCodeAsync(string functionName, byte[] zipFile, CancellationToken cancellationToken = default)
    {
        var body = new { ZipFile = Convert.ToBase64String(zipFile) };
        var result = await SendAsync(HttpMethod.Put, $"{Functions}/{Escape(functionName)}/code", body, cancellationToken);
        return LambdaFunctionInfo.FromConfiguration(result);
    }

    public async Task<LambdaFunctionInfo> UpdateFunctionConfigurationAsync(
        string functionName, LambdaConfigurationUpdate update, CancellationToken cancellationToken = default)
    {
        var body = new
        {
            Role = update.RoleArn,
            update.Runtime,
            update.Handler,
            update.Description,
            Environment = update.Environment is null ? null : new { Variables = update.Environment },
            update.MemorySize,
            update.Timeout,
        };
        var result = await SendAsync(HttpMethod.Put, $"{Functions}/{Escape(functionName)}/configuration", body, cancellationToken);
        return LambdaFunctionInfo.FromConfiguration(result);
    }

    /// <summary>Deletes the function; false when it was already gone.</summary>
    public async Task<bool> DeleteFunctionAsync(string functionName, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"{Functions}/{Escape(functionName)}", null, cancellationToken);
            return true;
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Lets a service (by default API Gateway, from <paramref name="sourceArn"/>) invoke the function.
    /// An existing statement with the same id counts as success, so provisioning can be re-run.
    /// </summary>
    public async Task AddPermissionAsync(
        string functionName, string statementId, string sourceArn, string principal = "apigateway.amazonaws.com",
        CancellationToken cancellationToken = default)
    {
        var body = new { StatementId = statementId, Action = "lambda:InvokeFunction", Principal = principal, SourceArn = sourceArn };
        try
        {
            await SendAsync(HttpMethod.Post, $"{Functions}/{Escape(functionName)}/policy", body, cancellationToken);
        }
        catch (AwsApiException ex) when (ex.IsAlreadyExists)
        {
        }
    }

    /// <summary>
    /// Statements of the function's resource policy (who may invoke it); empty when it has none.
    /// Lets callers add a permission only when it is missing or points at a different source.
    /// </summary>
    public async Task<IReadOnlyList<LambdaPolicyStatement>> GetPolicyStatementsAsync(string functionName, CancellationToken cancellationToken = default)
    {
        JsonElement result;
        try
        {
            result = await SendAsync(HttpMethod.Get, $"{Functions}/{Escape(functionName)}/policy", null, cancellationToken);
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
            return [];
        }

        // The policy document comes back as a JSON string inside the JSON answer.
        var policyJson = result.Str("Policy");
        if (string.IsNullOrEmpty(policyJson))
        {
            return [];
        }

        using var policy = JsonDocument.Parse(policyJson);
        return policy.RootElement.Array("Statement").Select(LambdaPolicyStatement.FromJson).ToList();
    }

    /// <summary>Removes one statement of the function's resource policy; a missing statement counts as removed.</summary>
    public async Task RemovePermissionAsync(string functionName, string statementId, CancellationToken cancellationToken = default)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"{Functions}/{Escape(functionName)}/policy/{Escape(statementId)}", null, cancellationToken);
        }
        catch (AwsApiException ex) when (ex.IsNotFound)
        {
        }
    }

    /// <summary>All functions in the region, following NextMarker. Tags are not included (use <see cref="ListTagsAsync"/>).</summary>
    public async Task<IReadOnlyList<LambdaFunctionInfo>> ListFunctionsAsync(CancellationToken cancellationToken = default)
    {
        var functions = new List<LambdaFunctionInfo>();
        string? marker = null;
        do
        {
            var query = marker is null ? "?MaxItems=50" : $"?MaxItems=50&Marker={Escape(marker)}";
            var page = await SendAsync(HttpMethod.Get, $"{Functions}/{query}", null, cancellationToken);
            functions.AddRange(page.Array("Functions").Select(f => LambdaFunctionInfo.FromConfiguration(f)));
            marker = page.Str("NextMarker");
        }
        while (!string.IsNullOrEmpty(marker));

        return functions;
    }

    /// <summary>Adds or overwrites the given tags; tags not named are left as they are.</summary>
    public Task TagResourceAsync(string functionArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"/2017-03-31/tags/{Escape(functionArn)}", new { Tags = tags }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync(HttpMethod.Get, $"/2017-03-31/tags/{Escape(functionArn)}", null, cancellationToken);
        return result.Map("Tags");
    }

    /// <summary>Polls until State is Active (functions start Pending); throws when it becomes Failed or time runs out.</summary>
    public Task<LambdaFunctionInfo> WaitUntilActiveAsync(string functionName, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(functionName, f => f.State, "Active", "Failed", f => f.StateReason, timeout, cancellationToken);

    /// <summary>
    /// Polls until LastUpdateStatus is Successful, so the next update is not rejected with ResourceConflictException.
    /// A missing status (some emulators) counts as done.
    /// </summary>
    public Task<LambdaFunctionInfo> WaitUntilUpdatedAsync(string functionName, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(functionName, f => f.LastUpdateStatus ?? "Successful", "Successful", "Failed", f => f.LastUpdateStatusReason, timeout, cancellationToken);

    private async Task<LambdaFunctionInfo> WaitAsync(
        string functionName, Func<LambdaFunctionInfo, string?> status, string success, string failure,
        Func<LambdaFunctionInfo, string?> reason, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            while (true)
            {
                var function = await GetFunctionAsync(functionName, timeoutCts.Token)
                    ?? throw new InvalidOperationException($"Lambda function {functionName} does not exist.");
                var current = status(function);
                if (current == success)
                {
                    return function;
                }

                if (current == failure)
                {
                    throw new InvalidOperationException($"Lambda function {functionName} is {current}: {reason(function)}");
                }

                await Task.Delay(PollInterval, timeoutCts.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Lambda function {functionName} did not reach {success} in time.");
        }
    }

    private Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _http.SendJsonAsync(method, path, body, JsonHelpers.PascalCase, cancellationToken);

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
