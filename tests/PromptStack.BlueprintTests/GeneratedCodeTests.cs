using PromptStack.Blueprints;
using PromptStack.BlueprintTests.Infrastructure;

namespace PromptStack.BlueprintTests;

public sealed class GeneratedCodeTests
{
    public static TheoryData<string> Examples => new(OfflineBlueprintGenerator.Catalog.Select(t => t.Example));

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Generate_CatalogExample_PageScriptAndHandlerParseWithNode(string example)
    {
        var blueprint = new OfflineBlueprintGenerator().Generate(example).Blueprint!;

        await NodeSyntax.AssertParsesAsync(blueprint);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Generate_CatalogExample_PicksItsOwnTemplate(string example)
    {
        var template = OfflineBlueprintGenerator.Catalog.Single(t => t.Example == example);

        var blueprint = new OfflineBlueprintGenerator().Generate(example).Blueprint!;

        Assert.Equal(template.Name, blueprint.Template);
        Assert.Equal(template.IsStatic, blueprint.HandlerCode is null);
    }

    [Fact]
    public void Generate_Handler_HonoursEndpointVariablesAndTableName()
    {
        var code = new OfflineBlueprintGenerator().Generate("a to-do list").Blueprint!.HandlerCode!;

        Assert.Contains("process.env.AWS_ENDPOINT_URL_DYNAMODB || process.env.AWS_ENDPOINT_URL", code, StringComparison.Ordinal);
        Assert.Contains("process.env.TABLE_NAME", code, StringComparison.Ordinal);
        Assert.Contains("from \"@aws-sdk/lib-dynamodb\"", code, StringComparison.Ordinal);
    }
}
