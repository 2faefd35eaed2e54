using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PromptStack.Web.Features.Preview;

namespace PromptStack.IntegrationTests.Preview;

/// <summary>Hostile handlers, run by real Node.js in the preview's sandbox: what they must not see or do.</summary>
public sealed class SandboxIsolationTests(SandboxApp app) : IClassFixture<SandboxApp>
{
    // Each probe answers "ok" or the error code, so a test sees exactly which operation got through.
    private const string Probe = "const probe = (f) => { try { f(); return 'ok'; } catch (e) { return e.code ?? String(e); } };\n";

    [Fact]
    public async Task Environment_ServerVariables_AreAbsent()
    {
        var (_, result) = await app.InvokeAsync("export const handler = async () => ({ ...process.env });");

        var env = Answer(result).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.DoesNotContain(SandboxApp.Canary, env.Keys);
        Assert.DoesNotContain(env.Values, v => v is not null && v.Contains(app.DataDirectory, StringComparison.Ordinal));
        string[] lambda = ["PATH", "HOME", "TZ", "LANG", "TABLE_NAME", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_ENDPOINT_URL", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_EXECUTION_ENV"];
        Assert.Empty(env.Keys.Except(lambda));
        Assert.Equal("table-of-test", env["TABLE_NAME"]);
        Assert.Equal("UTC", env["TZ"]);
        Assert.Equal("test", env["AWS_ACCESS_KEY_ID"]);
    }

    [Fact]
    public async Task FileSystem_OutsideOwnFolder_CannotBeReadOrWritten()
    {
        var database = Directory.GetFiles(app.DataDirectory, "*.db").First();
        var (_, result) = await app.InvokeAsync(Probe + """
            import fs from 'node:fs';
            export const handler = async (event) => {
              const paths = JSON.parse(event.body);
              return {
                own: probe(() => fs.readFileSync(new URL(import.meta.url))),
                passwd: probe(() => fs.readFileSync('/etc/passwd')),
                database: probe(() => fs.readFileSync(paths.database)),
                dataDir: probe(() => fs.readdirSync(paths.dataDir)),
                environ: probe(() => fs.readFileSync('/proc/self/environ')),
                writeOwn: probe(() => fs.writeFileSync(new URL('./dropped.txt', import.meta.url), 'x')),
                writeTmp: probe(() => fs.writeFileSync('/tmp/promptstack-sandbox-escape.txt', 'x')),
              };
            };
            """, new { database, dataDir = app.DataDirectory });

        var answer = Answer(result);
        Assert.Equal("ok", answer.GetProperty("own").GetString());
        foreach (var denied in new[] { "passwd", "database", "dataDir", "environ", "writeOwn", "writeTmp" })
        {
            Assert.True(answer.GetProperty(denied).GetString() == "ERR_ACCESS_DENIED", $"{denied}: {answer}");
        }

        Assert.False(File.Exists("/tmp/promptstack-sandbox-escape.txt"));
    }

    [Fact]
    public async Task ChildProcessAndWorker_AreDenied()
    {
        var (_, result) = await app.InvokeAsync(Probe + """
            import { spawnSync, execSync } from 'node:child_process';
            import { Worker } from 'node:worker_threads';
            export const handler = async () => ({
              spawn: probe(() => spawnSync('id')),
              exec: probe(() => execSync('id')),
              worker: probe(() => new Worker('1', { eval: true })),
            });
            """);

        var answer = Answer(result);
        Assert.All(["spawn", "exec", "worker"], name => Assert.Equal("ERR_ACCESS_DENIED", answer.GetProperty(name).GetString()));
    }

    [Fact]
    public async Task User_WhenServerIsRoot_IsUnprivilegedAndCannotReadDataDirectory()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return; // Only a root server has another user to drop to; these machines run tests as root.
        }

        var (_, result) = await app.InvokeAsync("export const handler = async () => ({ uid: process.getuid(), gid: process.getgid(), groups: process.getgroups() });");

        var answer = Answer(result);
        Assert.Equal(HandlerSandbox.SandboxUserId, answer.GetProperty("uid").GetInt32());
        Assert.Equal(HandlerSandbox.SandboxUserId, answer.GetProperty("gid").GetInt32());
        Assert.DoesNotContain(answer.GetProperty("groups").EnumerateArray(), g => g.GetInt32() == 0);

        // Without Node's permission model too: the sandbox user cannot open the database or the data directory.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(app.DataDirectory));
        var database = Directory.GetFiles(app.DataDirectory, "*.db").First();
        Assert.NotEqual(0, await AsSandboxUserAsync("cat", database));
        Assert.NotEqual(0, await AsSandboxUserAsync("ls", app.DataDirectory));
        Assert.Equal(0, await AsSandboxUserAsync("cat", Path.Combine(app.Runtime.Root, PreviewFolders.RunnerFile)));
    }

    [Fact]
    public async Task Headers_PlatformCredentialsNeverReachTheHandlerAndCookiesNeverLeaveIt()
    {
        var (client, _) = await app.NewUserAsync();
        var id = await app.DeployHandlerAsync(client, """
            export const handler = async (event) => ({
              statusCode: 200,
              headers: {
                'content-type': 'application/json', 'x-app-version': '7', 'set-cookie': 'stolen=1; Path=/',
                'strict-transport-security': 'max-age=0', 'content-security-policy': 'default-src *', 'location': 'https://evil.example/',
                'access-control-allow-credentials': 'true', 'connection': 'close', 'authorization': event.headers.authorization ?? 'none',
              },
              cookies: ['stolen2=1; Path=/'],
              body: JSON.stringify({ headers: event.headers, cookies: event.cookies ?? null }),
            });
            """);
        var preview = await app.PreviewClientAsync(client, id);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/echo");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "platform-token");
        request.Headers.Add("X-Forwarded-For", "10.0.0.1");
        request.Headers.Add("X-Custom", "kept");

        var response = await preview.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var headers = seen.GetProperty("headers").EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain("cookie", headers);
        Assert.DoesNotContain("authorization", headers);
        Assert.DoesNotContain("x-forwarded-for", headers);
        Assert.Contains("x-custom", headers);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("cookies").ValueKind);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal(PreviewEndpoints.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Null(response.Headers.Location);
        Assert.Equal("7", response.Headers.GetValues("x-app-version").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    private static JsonElement Answer(FunctionResult result)
    {
        Assert.True(result.Failure == FunctionFailure.None, $"the handler failed: {result.Failure}");
        return result.Answer!.Value;
    }

    private static async Task<int> AsSandboxUserAsync(string command, string path)
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--", command, path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
