using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace PromptStack.BlueprintTests.Infrastructure;

/// <summary>
/// One moto server (DynamoDB emulator) and the npm packages the handlers import, shared by the handler tests.
/// moto runs as <c>python3 -m moto.server</c> on a free loopback port; the AWS SDK v3 packages are installed into
/// tests/PromptStack.BlueprintTests/node/node_modules with <c>npm ci</c> when missing.
/// </summary>
public sealed class NodeDynamoFixture : IAsyncLifetime
{
    private Process? moto;

    public string MotoUrl { get; private set; } = "";

    public AmazonDynamoDBClient Dynamo { get; private set; } = null!;

    public static string NodeModules => Path.Combine(TestPaths.NodeDirectory, "node_modules");

    public async Task InitializeAsync()
    {
        var install = EnsureNodeModulesAsync();
        var port = FreePort();
        MotoUrl = $"http://127.0.0.1:{port}";
        moto = Process.Start(new ProcessStartInfo("python3")
        {
            ArgumentList = { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start moto.");
        moto.OutputDataReceived += (_, _) => { };
        moto.ErrorDataReceived += (_, _) => { };
        moto.BeginOutputReadLine();
        moto.BeginErrorReadLine();

        Dynamo = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = MotoUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await WaitForMotoAsync();
        await install;
    }

    public Task DisposeAsync()
    {
        Dynamo?.Dispose();
        if (moto is { HasExited: false })
        {
            moto.Kill(entireProcessTree: true);
            moto.WaitForExit(5000);
        }

        moto?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A new table shaped like the project's: pk (S) + sk (S), on-demand.</summary>
    public async Task<string> CreateTableAsync()
    {
        var name = $"app-{Guid.NewGuid():N}"[..20];
        await Dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        return name;
    }

    public async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(string table, string pk)
    {
        var response = await Dynamo.QueryAsync(new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = pk } },
        });
        return response.Items ?? [];
    }

    public Task<NodeHandlerHost> StartHandlerAsync(string handlerCode, string table) =>
        NodeHandlerHost.StartAsync(handlerCode, NodeModules, new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL"] = MotoUrl,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["TABLE_NAME"] = table,
        });

    private static async Task EnsureNodeModulesAsync()
    {
        if (Directory.Exists(Path.Combine(NodeModules, "@aws-sdk", "lib-dynamodb")) &&
            Directory.Exists(Path.Combine(NodeModules, "@aws-sdk", "client-dynamodb")))
        {
            return;
        }

        var (exitCode, output) = await ProcessRunner.RunAsync(
            "npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TestPaths.NodeDirectory, TimeSpan.FromMinutes(3));
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"npm ci in {TestPaths.NodeDirectory} failed ({exitCode}): {output}");
        }
    }

    private async Task WaitForMotoAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (moto!.HasExited)
            {
                throw new InvalidOperationException($"moto exited with {moto.ExitCode}; is moto[server] installed (pip install 'moto[server]')?");
            }

            try
            {
                await Dynamo.ListTablesAsync(new ListTablesRequest());
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class NodeDynamoCollection : ICollectionFixture<NodeDynamoFixture>
{
    public const string Name = "node-dynamo";
}
