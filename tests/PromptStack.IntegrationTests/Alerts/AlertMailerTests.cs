using Microsoft.Extensions.Logging;
using PromptStack.Web.Features.Alerts;

namespace PromptStack.IntegrationTests.Alerts;

public sealed class AlertMailerTests
{
    [Fact]
    public async Task SendAsync_NoSmtpConfigured_WritesTheMailToTheLog()
    {
        var log = new ListLogger<AlertMailer>();
        var mailer = new AlertMailer(new AlertOptions(), log);

        await mailer.SendAsync("someone@example.com", "'chores' will be removed in 10 minutes", "Extend it to keep it.", CancellationToken.None);

        var line = Assert.Single(log.Lines);
        Assert.Contains("someone@example.com", line);
        Assert.Contains("'chores' will be removed in 10 minutes", line);
        Assert.Contains("Extend it to keep it.", line);
    }

    [Fact]
    public async Task SendAsync_SmtpUnreachable_Throws()
    {
        // A port nothing listens on: the outbox sees the failure and retries later.
        var options = new AlertOptions { SmtpHost = "127.0.0.1", SmtpPort = 1, SmtpFrom = "alerts@example.com" };
        var mailer = new AlertMailer(options, new ListLogger<AlertMailer>());
        await Assert.ThrowsAnyAsync<Exception>(() => mailer.SendAsync("someone@example.com", "s", "b", CancellationToken.None));
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
