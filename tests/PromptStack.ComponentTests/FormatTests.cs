using PromptStack.Web.Components.Pages;
using PromptStack.Web.Components.Services;
using PromptStack.Web.Components.Shared;

namespace PromptStack.ComponentTests;

public sealed class FormatTests
{
    [Theory]
    [InlineData("0", "$0.00")]
    [InlineData("3.12", "$3.12")]
    [InlineData("1234.5", "$1,234.50")]
    [InlineData("0.0004", "$0.0004")]
    [InlineData("0.00123456", "$0.001235")]
    [InlineData("0.0000001", "< $0.000001")]
    public void Money_Amount_IsWrittenInDollars(string amount, string expected) =>
        Assert.Equal(expected, Format.Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("0", "$0.00")]
    [InlineData("0.000001", "< $0.01")]
    [InlineData("0.0099", "< $0.01")]
    [InlineData("0.01", "$0.01")]
    [InlineData("1237.534", "$1,237.53")]
    public void Accrued_FractionOfACent_IsWrittenAsLessThanACent(string amount, string expected) =>
        Assert.Equal(expected, Format.Accrued(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(0.35, "350 ms")]
    [InlineData(4.24, "4.2 s")]
    [InlineData(125, "2m 05s")]
    [InlineData(0, "—")]
    public void Seconds_Duration_IsReadable(double seconds, string expected) => Assert.Equal(expected, Format.Seconds(seconds));

    [Theory]
    [InlineData("To-Do List", "to-do-list")]
    [InlineData("Best pizza?", "best-pizza")]
    [InlineData("2024 Sales", "app-2024-sales")]
    [InlineData("!!", "my-app")]
    [InlineData("Ab", "ab-app")]
    [InlineData("Which day works best for the team offsite?", "which-day-works-best-for-the-team")]
    public void Suggest_Title_GivesAValidName(string title, string expected)
    {
        var name = ProjectNames.Suggest(title);

        Assert.Equal(expected, name);
        Assert.True(ProjectNames.IsValid(name));
    }

    [Fact]
    public void Suggest_LongTitle_StaysWithinFortyCharacters() =>
        Assert.True(ProjectNames.Suggest(new string('a', 30) + " " + new string('b', 30)).Length <= 40);

    [Theory]
    [InlineData("chores", true)]
    [InlineData("ab", false)]
    [InlineData("1abc", false)]
    [InlineData("Chores", false)]
    [InlineData("a_b_c", false)]
    public void IsValid_Name_FollowsTheApiRule(string name, bool expected) => Assert.Equal(expected, ProjectNames.IsValid(name));

    [Theory]
    [InlineData("/projects/new", "/projects/new")]
    [InlineData("//evil.example/x", "/projects")]
    [InlineData("https://evil.example/", "/projects")]
    [InlineData("/signin", "/projects")]
    [InlineData(null, "/projects")]
    public void SafeReturn_ReturnUrl_StaysOnThisSite(string? url, string expected) => Assert.Equal(expected, AuthPages.SafeReturn(url));

    [Fact]
    public async Task ReadAsync_EventStream_YieldsEachMessageWithItsFields()
    {
        var text = ": connected\n\nid: 1\nevent: project-event\ndata: {\"a\":1}\n\n: keep-alive\n\nid: 2\ndata: line one\ndata: line two\n\n";

        var messages = new List<ServerSentEvent>();
        await foreach (var message in ServerSentEvents.ReadAsync(new StringReader(text)))
        {
            messages.Add(message);
        }

        Assert.Equal(2, messages.Count);
        Assert.Equal(new ServerSentEvent("1", "project-event", "{\"a\":1}"), messages[0]);
        Assert.Equal(new ServerSentEvent("2", "message", "line one\nline two"), messages[1]);
    }

    [Theory]
    [InlineData("siteUrl", true, "Your app")]
    [InlineData("apiUrl", true, "Your app's API")]
    [InlineData("bucketWebsiteUrl", false, null)]
    [InlineData("httpApiEndpoint", false, null)]
    public void Output_Key_IsShownOnlyWhenItOpensSomethingInTheUsersWords(string key, bool shown, string? name)
    {
        Assert.Equal(shown, Format.IsUserOutput(key));
        if (name is not null)
        {
            Assert.Equal(name, Format.OutputName(key));
        }
    }
}
