using PromptStack.Blueprints;

namespace PromptStack.BlueprintTests;

public sealed class BlueprintValidatorTests
{
    [Theory]
    [InlineData("index.html", true)]
    [InlineData("app.min.js", true)]
    [InlineData("logo_2-dark.svg", true)]
    [InlineData("../x", false)]
    [InlineData("a/b.js", false)]
    [InlineData("a\\b.js", false)]
    [InlineData("..", false)]
    [InlineData("x..js", false)]
    [InlineData(".htaccess", false)]
    [InlineData("Index.html", false)]
    [InlineData("<script>.html", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsAllowedFileName_Name_MatchesTheSafePattern(string? name, bool allowed)
    {
        Assert.Equal(allowed, BlueprintValidator.IsAllowedFileName(name));
    }

    [Fact]
    public void IsAllowedFileName_SixtyFiveCharacters_IsRejected()
    {
        Assert.True(BlueprintValidator.IsAllowedFileName(new string('a', 64)));
        Assert.False(BlueprintValidator.IsAllowedFileName(new string('a', 65)));
    }

    [Theory]
    [InlineData("text/html", true)]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("image/svg+xml", true)]
    [InlineData("application/json", true)]
    [InlineData("text/html; charset=iso-8859-1", false)]
    [InlineData("application/octet-stream", false)]
    [InlineData("application/x-msdownload", false)]
    [InlineData("text/html\r\nX-Evil: 1", false)]
    [InlineData(null, false)]
    public void IsAllowedContentType_Type_IsCheckedAgainstTheAllowList(string? contentType, bool allowed)
    {
        Assert.Equal(allowed, BlueprintValidator.IsAllowedContentType(contentType));
    }

    [Fact]
    public void Validate_EveryCatalogTemplate_HasNoProblems()
    {
        foreach (var template in OfflineBlueprintGenerator.Catalog)
        {
            var blueprint = new OfflineBlueprintGenerator().Generate(template.Example).Blueprint!;
            Assert.Empty(BlueprintValidator.Validate(blueprint));
        }
    }

    [Fact]
    public void Validate_TableWithoutFunction_IsRejected()
    {
        var blueprint = new OfflineBlueprintGenerator().Generate("a landing page").Blueprint! with
        {
            Resources = [.. OfflineBlueprintGenerator.StaticSite, new BlueprintResource(ResourceKinds.DynamoDbTable, "data", "")],
        };

        Assert.Equal(["a dynamodb-table is only allowed together with the lambda-function 'api'"], BlueprintValidator.Validate(blueprint));
    }

    [Fact]
    public void Validate_ControlCharactersInName_AreNotEchoed()
    {
        var blueprint = new OfflineBlueprintGenerator().Generate("a landing page").Blueprint! with
        {
            Files = [new GeneratedFile("index.html", "text/html", "<h1>x</h1>"), new GeneratedFile("a\nb\u202Ec.js", "text/plain", "")],
        };

        var problem = Assert.Single(BlueprintValidator.Validate(blueprint));
        Assert.Equal("file name 'a?b?c.js' is not allowed", problem);
    }
}
