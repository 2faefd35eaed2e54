using PromptStack.Web.Components.Shared;
using PromptStack.Web.Features.Events;

namespace PromptStack.ComponentTests;

public sealed class EventLogTests
{
    private static EventDto E(long seq, string operation, string message, string level = "info") =>
        new(seq, Samples.Now.AddSeconds(seq), level, operation, message);

    private static readonly EventDto[] History =
    [
        E(1, "create", "Project created."),
        E(2, "provision", "Provisioning requested."),
        E(3, "provision", "Infrastructure deployed."),
        E(4, "deploy", "Application version 1 deployed."),
        E(5, "destroy", "Destroy requested."),
        E(6, "extend", "Expiry moved."),
        E(7, "destroy", "Destroying infrastructure."),
    ];

    [Fact]
    public void CurrentOperation_DestroyAfterProvision_IsOnlyTheDestroyRun()
    {
        var current = EventLog.CurrentOperation(History, op => op is not ("deploy" or "purge"));

        Assert.Equal([5, 6, 7], current.Select(e => e.Seq));
    }

    [Fact]
    public void CurrentOperation_ExtendAfterTheRun_StaysWithTheRun()
    {
        var current = EventLog.CurrentOperation(History[..3].Append(E(8, "extend", "Expiry moved.")), op => op != "deploy");

        Assert.Equal([2, 3, 8], current.Select(e => e.Seq));
    }

    [Fact]
    public void CurrentOperation_ExpiryWarningAfterTheRun_StaysWithTheRun()
    {
        var warning = E(8, "expiry", "Automatic cleanup in 10 minutes at 12:30 UTC; extend to keep it.", "warning");

        var current = EventLog.CurrentOperation(History[..3].Append(warning), op => op != "deploy");

        Assert.Equal([2, 3, 8], current.Select(e => e.Seq));
    }

    [Fact]
    public void CurrentOperation_EventsWithOperationIds_AreGroupedByOperation()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        EventDto[] events =
        [
            E(1, "provision", "Provisioning requested.") with { OperationId = first },
            E(2, "provision", "Infrastructure deployed.") with { OperationId = first },
            E(3, "provision", "Provisioning requested.") with { OperationId = second },
            E(4, "extend", "Expiry moved."),
            E(5, "provision", "Created s3-bucket.") with { OperationId = second },
        ];

        // The same name twice in a row: only the ids tell the second provision from the first.
        Assert.Equal([3, 4, 5], EventLog.CurrentOperation(events).Select(e => e.Seq));
    }

    [Fact]
    public void CurrentOperation_NoEvents_IsEmpty() => Assert.Empty(EventLog.CurrentOperation([]));

    [Fact]
    public async Task Render_Default_ShowsTheCurrentOperationOldestFirst()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<EventLog>(p => p.Add(c => c.Events, History).Add(c => c.Title, "Infrastructure events")
            .Add(c => c.Include, op => op is not ("deploy" or "purge")));

        var log = cut.Find("[role=log]");
        Assert.Equal("Infrastructure events", log.GetAttribute("aria-label"));
        Assert.Equal("destroy", log.GetAttribute("data-operation"));
        // column-reverse: the markup is newest first, so the page reads oldest first.
        Assert.Equal(["7", "6", "5"], cut.FindAll(".event[data-seq]").Select(e => e.GetAttribute("data-seq")));
        Assert.Contains("Destroying infrastructure.", log.TextContent);
        Assert.DoesNotContain("Infrastructure deployed.", log.TextContent);
    }

    [Fact]
    public async Task AllEventsSwitch_Toggled_ShowsEveryIncludedEvent()
    {
        await using var ctx = Samples.Context();
        var cut = ctx.Render<EventLog>(p => p.Add(c => c.Events, History).Add(c => c.Include, op => op is "deploy" or "purge" or "provision"));

        await cut.Find("input[type=checkbox]").ChangeAsync(new() { Value = true });

        Assert.Equal(["4", "3", "2"], cut.FindAll(".event[data-seq]").Select(e => e.GetAttribute("data-seq")));
    }

    [Fact]
    public async Task Render_NewEventArrives_AppearsInTheLog()
    {
        await using var ctx = Samples.Context();
        var events = History[..3].ToList();
        var cut = ctx.Render<EventLog>(p => p.Add(c => c.Events, events));

        events.Add(E(9, "provision", "Failed to create lambda-function: boom", "error"));
        cut.Render(p => p.Add(c => c.Events, events.ToList()));

        var newest = cut.Find(".event[data-seq='9']");
        Assert.Contains("event-error", newest.ClassList);
        Assert.Contains("Failed to create lambda-function: boom", newest.TextContent);
    }

    [Fact]
    public async Task Render_NoEvents_SaysSo()
    {
        await using var ctx = Samples.Context();

        var cut = ctx.Render<EventLog>(p => p.Add(c => c.Events, []));

        Assert.Contains("No events yet.", cut.Find("[role=log]").TextContent);
    }
}
