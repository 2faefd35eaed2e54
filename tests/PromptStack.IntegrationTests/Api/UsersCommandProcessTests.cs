using System.Diagnostics;
using System.Net.Http.Json;
using PromptStack.IntegrationTests.Infrastructure;
using PromptStack.Web.Features.Auth;

namespace PromptStack.IntegrationTests.Api;

/// <summary>The real entry point: <c>dotnet PromptStack.Web.dll users ...</c> as an operator runs it, with DATA_DIR set.</summary>
public sealed class UsersCommandProcessTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task GrantAdmin_AsProcessOnTheDataDirectory_MakesTheAccountAdmin()
    {
        var (_, session) = await app.NewUserAsync();

        var (exit, output) = await RunAsync(app.DataDirectory, "users", "grant-admin", session.User.Email);

        Assert.True(exit == 0, output);
        Assert.Equal($"{session.User.Email} is now an admin.", output.Trim());
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = session.User.Email, password = "correct-horse-battery" });
        Assert.Equal("admin", (await login.Content.ReadFromJsonAsync<SessionDto>(Json.Options))!.User.Role);
    }

    [Fact]
    public async Task GrantAdmin_AsProcessOnAnEmptyDataDirectory_MigratesAndExits1()
    {
        var empty = Path.Combine(Path.GetTempPath(), "promptstack-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, output) = await RunAsync(empty, "users", "grant-admin", "nobody@example.com");

            Assert.True(exit == 1, output);
            Assert.Equal("No account with the e-mail nobody@example.com.", output.Trim());
            Assert.True(File.Exists(Path.Combine(empty, "promptstack.db")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public async Task Users_AsProcessWithoutEmail_Exits2WithUsage()
    {
        var (exit, output) = await RunAsync(app.DataDirectory, "users", "grant-admin");

        Assert.True(exit == 2, output);
        Assert.StartsWith("usage: PromptStack.Web users grant-admin", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string dataDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(WebDll());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DATA_DIR"] = dataDirectory;
        start.Environment.Remove("DATABASE_URL");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The server's own build output (bin/CONFIG/TFM of src/PromptStack.Web), as an operator would run it.</summary>
    private static string WebDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var root = testOutput;
        while (!File.Exists(Path.Combine(root.FullName, "PromptStack.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("PromptStack.slnx not found above " + AppContext.BaseDirectory);
        }

        var dll = Path.Combine(root.FullName, "src", "PromptStack.Web", "bin", configuration, framework, "PromptStack.Web.dll");
        Assert.True(File.Exists(dll), $"Build the solution first: {dll} is missing.");
        return dll;
    }
}
