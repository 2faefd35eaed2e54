using PromptStack.Provisioning.Aws;

namespace PromptStack.AwsTests;

[Collection(MotoCollection.Name)]
public sealed class MotoServerTests(MotoFixture fixture)
{
    [Fact]
    public async Task ResetAsync_AfterCreatingRole_RemovesIt()
    {
        var iam = fixture.Factory.CreateIamClient(MotoFixture.UserId);
        var name = MotoFixture.Unique("role");
        await iam.CreateRoleAsync(name);

        await fixture.Moto.ResetAsync();

        Assert.Null(await iam.GetRoleAsync(name));
    }

    [Fact]
    public async Task StartAsync_PythonMissing_ThrowsInstallHint()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => MotoServer.StartAsync("/nonexistent/python3"));

        Assert.Equal(MotoServer.MissingMotoMessage, ex.Message);
    }

    [Fact]
    public async Task StartAsync_MotoModuleMissing_ThrowsInstallHint()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // the fake interpreter is a shell script
        }

        // A directory with a "python3" that behaves like an interpreter without moto installed.
        var dir = Directory.CreateTempSubdirectory("nomoto");
        var fake = Path.Combine(dir.FullName, "python3");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho \"/usr/bin/python3: Error while finding module specification for 'moto.server' (ModuleNotFoundError: No module named 'moto')\" >&2\nexit 1\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        try
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => MotoServer.StartAsync(fake));

            Assert.StartsWith(MotoServer.MissingMotoMessage, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_StopsAnsweringHttp()
    {
        var moto = await MotoServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using (await http.GetAsync(new Uri(moto.Url + "/moto-api/")))
        {
        }

        await moto.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(moto.Url + "/moto-api/")));
    }
}
