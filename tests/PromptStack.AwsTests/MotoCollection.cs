using PromptStack.AwsTests;

namespace PromptStack.AwsTests;

/// <summary>Tests in this collection share one moto server and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}
