using PromptStack.Blueprints;

namespace PromptStack.UnitTests.Costs;

public sealed class TrafficParserTests
{
    [Theory]
    [InlineData("a to-do list", TrafficParser.DefaultMonthlyRequests)]
    [InlineData("a guestbook for 8 million visitors a month", 8_000_000)]
    [InlineData("a poll with 50,000 visits per day", 1_500_000)]
    [InlineData("2.5k requests per hour", 1_825_000)]
    [InlineData("300 users a day", 9_000)]
    [InlineData("999999999999999 billion requests a month", 10_000_000_000)]
    public void MonthlyRequests_ReadsTrafficFromPrompt(string prompt, long expected)
    {
        Assert.Equal(expected, TrafficParser.MonthlyRequests(prompt));
    }
}
