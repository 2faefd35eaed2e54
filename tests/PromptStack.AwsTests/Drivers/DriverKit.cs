using PromptStack.Blueprints;
using PromptStack.Provisioning.Aws;
using PromptStack.Provisioning.Aws.Drivers;
using PromptStack.Provisioning.Engine;

namespace PromptStack.AwsTests.Drivers;

/// <summary>Drivers against the shared moto server, plus helpers to build contexts and record change steps.</summary>
public sealed class DriverKit(MotoFixture fixture)
{
    public Guid UserId { get; } = Guid.NewGuid();

    public Guid ProjectId { get; } = Guid.NewGuid();

    public EngineOptions Engine { get; } = new() { Environment = "test" };

    /// <summary>The CreatedAt tag of every context, fixed as the engine fixes it (the resource row's creation time).</summary>
    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public DriverSettings Settings { get; } = new()
    {
        Region = "us-east-1",
        PublicSiteBuckets = true,
        PollInterval = TimeSpan.FromMilliseconds(50),
        WaitTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Every step passed to AfterChangeAsync by contexts made with <see cref="Context"/>.</summary>
    public List<string> Steps { get; } = [];

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> from AfterChangeAsync at this step once, as the engine's
    /// abandoned work does: a crash right after that change.
    /// </summary>
    public string? CrashAt { get; set; }

    public AwsClientFactory Factory => fixture.Factory;

    public string MotoUrl => fixture.Moto.Url;

    public string User => UserId.ToString();

    public IResourceDriver Driver(string kind) => AwsDrivers.Create(Factory, Engine, Settings).Single(d => d.Kind == kind);

    public ResourceContext Context(
        string logicalName, IReadOnlyDictionary<string, ResourceState>? dependencies = null, string? environment = null,
        IReadOnlyDictionary<string, string>? saved = null) => new()
    {
        ProjectId = ProjectId,
        UserId = UserId,
        LogicalName = logicalName,
        PhysicalName = PhysicalNames.New(Engine.NamePrefix, ProjectId, logicalName),
        Tags = ResourceTags.For(UserId, ProjectId, Engine.ManagedBy, environment ?? Engine.Environment, CreatedAt),
        Dependencies = dependencies ?? new Dictionary<string, ResourceState>(),
        SavedAttributes = saved ?? new Dictionary<string, string>(),
        AfterChangeAsync = OnChangeAsync,
    };

    /// <summary>Creates the table and role a function needs and returns them as dependencies.</summary>
    public async Task<Dictionary<string, ResourceState>> TableAndRoleAsync()
    {
        var table = await Driver(ResourceKinds.DynamoDbTable).CreateAsync(Context("data"), CancellationToken.None);
        var tableDeps = new Dictionary<string, ResourceState> { [ResourceKinds.DynamoDbTable] = table };
        var role = await Driver(ResourceKinds.IamRole).CreateAsync(Context("role", tableDeps), CancellationToken.None);
        return new Dictionary<string, ResourceState> { [ResourceKinds.DynamoDbTable] = table, [ResourceKinds.IamRole] = role };
    }

    /// <summary>Table, role and function: everything an HTTP API or a purge needs.</summary>
    public async Task<Dictionary<string, ResourceState>> FunctionStackAsync()
    {
        var deps = await TableAndRoleAsync();
        deps[ResourceKinds.LambdaFunction] = await Driver(ResourceKinds.LambdaFunction).CreateAsync(Context("api", deps), CancellationToken.None);
        return deps;
    }

    private Task OnChangeAsync(string step)
    {
        lock (Steps)
        {
            Steps.Add(step);
        }

        if (step == CrashAt)
        {
            CrashAt = null;
            throw new OperationCanceledException($"Simulated crash after {step}");
        }

        return Task.CompletedTask;
    }
}
