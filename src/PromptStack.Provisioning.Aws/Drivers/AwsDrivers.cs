using PromptStack.Provisioning.Engine;

namespace PromptStack.Provisioning.Aws.Drivers;

/// <summary>All AWS resource drivers, built without a DI container (tests, tools, the web host's registration).</summary>
public static class AwsDrivers
{
    public static IReadOnlyList<IResourceDriver> Create(AwsClientFactory factory, EngineOptions engine, DriverSettings settings) =>
    [
        new DynamoDbTableDriver(factory, engine, settings),
        new IamRoleDriver(factory, engine, settings),
        new S3BucketDriver(factory, engine, settings),
        new LambdaFunctionDriver(factory, engine, settings),
        new HttpApiDriver(factory, engine, settings),
    ];
}
