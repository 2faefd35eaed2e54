using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Features.Auth;

namespace PromptStack.ComponentTests;

public sealed class AccountAndResultTests
{
    [Fact]
    public void Describe_KnownCodes_GivesTheApisWords()
    {
        Assert.Equal("Invalid e-mail or password", AccountErrors.Describe("credentials")!.Title);
        Assert.Equal("E-mail already registered", AccountErrors.Describe("taken")!.Title);
        var invalid = AccountErrors.Describe("email,password")!;
        Assert.Equal("Cannot register with these details", invalid.Title);
        Assert.Equal(["email", "password"], invalid.Errors!.Keys.Order());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Your account is locked, call +1 555 0100")]
    public void Describe_UnknownText_ShowsNothing(string? code) =>
        Assert.Null(AccountErrors.Describe(code));

    [Fact]
    public void From_HandlerAnswers_BecomeValuesOrProblems()
    {
        Results<Ok<string>, ProblemHttpResult> ok = TypedResults.Ok("value");
        Assert.Equal("value", ApiResults.From<string>(ok).Value);

        Results<Ok<string>, ProblemHttpResult> refused = TypedResults.Problem(title: "Purge application first", detail: "Purge it first.", statusCode: 409);
        var problem = ApiResults.From<string>(refused).Problem!;
        Assert.Equal((409, "Purge application first", "Purge it first."), (problem.Status, problem.Title, problem.Detail));

        var invalid = ApiResults.From<string>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Too short."] }, title: "Invalid")).Problem!;
        Assert.Equal(400, invalid.Status);
        Assert.Equal(["Too short."], invalid.Errors!["name"]);

        Assert.True(ApiResults.From<bool>(TypedResults.NoContent()).Value);
        Assert.Equal(500, ApiResults.From<string>(TypedResults.Ok(42)).Problem!.Status);
    }
}
