using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptStack.BlueprintTests.Infrastructure;

/// <summary>What the handler returned for one event.</summary>
public sealed record HandlerResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// Runs a generated index.mjs in a Node.js process: a small driver imports it, reads one API Gateway HTTP API
/// (payload 2.0) event per line on stdin and writes the handler's result as one JSON line on stdout.
/// The handler sits in a temp folder whose node_modules links to the test project's npm install.
/// </summary>
public sealed class NodeHandlerHost : IAsyncDisposable
{
    private const string Driver = """
        import { createInterface } from "node:readline";
        // Anything the handler logs goes to stderr so stdout carries only results.
        console.log = (...args) => console.error(...args);
        console.info = console.log;
        const { handler } = await import("./index.mjs");
        const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
        for await (const line of lines) {
          if (!line.trim()) continue;
          let result;
          try {
            result = await handler(JSON.parse(line));
          } catch (error) {
            result = { driverError: String((error && error.stack) || error) };
          }
          process.stdout.write(JSON.stringify(result) + "\n");
        }
        """;

    private readonly Process process;
    private readonly string directory;
    private readonly StringBuilder errors = new();

    private NodeHandlerHost(Process process, string directory)
    {
        this.process = process;
        this.directory = directory;
    }

    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public static Task<NodeHandlerHost> StartAsync(string handlerCode, string nodeModules, IReadOnlyDictionary<string, string> environment)
    {
        var directory = Directory.CreateTempSubdirectory("psbt-handler-").FullName;
        File.WriteAllText(Path.Combine(directory, "index.mjs"), handlerCode);
        File.WriteAllText(Path.Combine(directory, "driver.mjs"), Driver);
        Directory.CreateSymbolicLink(Path.Combine(directory, "node_modules"), nodeModules);

        var info = new ProcessStartInfo("node")
        {
            ArgumentList = { "driver.mjs" },
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_DEFAULT_REGION", "NODE_OPTIONS" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var host = new NodeHandlerHost(process, directory);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (host.errors)
                {
                    host.errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return Task.FromResult(host);
    }

    /// <summary>Sends a payload 2.0 event for <paramref name="method"/> <paramref name="path"/> with an optional JSON body.</summary>
    public Task<HandlerResponse> SendAsync(string method, string path, object? body = null, bool base64 = false, string stage = "$default")
    {
        string? text = body switch
        {
            null => null,
            string s => s,
            _ => JsonSerializer.Serialize(body),
        };
        var rawPath = stage == "$default" ? path : $"/{stage}{path}";
        var evt = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = "",
            ["headers"] = new JsonObject { ["content-type"] = "application/json", ["host"] = "abc123.execute-api.us-east-1.amazonaws.com" },
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = "abc123",
                ["domainName"] = "abc123.execute-api.us-east-1.amazonaws.com",
                ["http"] = new JsonObject
                {
                    ["method"] = method,
                    ["path"] = rawPath,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = "127.0.0.1",
                    ["userAgent"] = "blueprint-tests",
                },
                ["requestId"] = Guid.NewGuid().ToString(),
                ["routeKey"] = "$default",
                ["stage"] = stage,
                ["timeEpoch"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            ["isBase64Encoded"] = base64,
        };
        if (text is not null)
        {
            evt["body"] = base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) : text;
        }

        return InvokeAsync(evt);
    }

    public async Task<HandlerResponse> InvokeAsync(JsonObject evt)
    {
        await process.StandardInput.WriteLineAsync(evt.ToJsonString());
        await process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The handler did not answer within 20 s. stderr:\n{Errors}");
        }

        if (line is null)
        {
            throw new InvalidOperationException($"node exited. stderr:\n{Errors}");
        }

        var result = JsonNode.Parse(line)!.AsObject();
        if (result["driverError"] is { } error)
        {
            throw new InvalidOperationException($"The handler threw: {error}");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in result["headers"]?.AsObject() ?? [])
        {
            headers[name] = value?.ToString() ?? "";
        }

        return new HandlerResponse(result["statusCode"]!.GetValue<int>(), headers, result["body"]?.GetValue<string>() ?? "");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
