using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog.Templates;

internal sealed partial class TodoListTemplate : AppTemplate
{
    public const int MaxText = 200;

    public override string Name => "todo-list";

    public override string Description => "a to-do list or checklist: add items, tick them off, delete them";

    public override string Example => "a to-do list for household chores";

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("todos?|todo ?lists?|todo ?app", 6),
        new("check ?lists?", 5),
        new("(?:shopping|grocery|groceries|packing|reading|bucket|wish|homework|movie|watch|gift) ?lists?", 5),
        new("tasks?|task ?(?:lists?|manager|tracker|board)", 4),
        new("chores?|errands?", 4),
        new("reminders?", 2),
        new("lists?", 1),
    ];

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var title = prompt.CalledName() ?? ListTitle(prompt);
        return new TemplateBuild
        {
            Title = title,
            Lead = "Add items, tick them off when they are done, delete what you no longer need.",
            Description = "a to-do list where items can be added, ticked off and deleted",
            Parameters = new Dictionary<string, string> { ["title"] = title },
            PageConfig = new { maxText = MaxText },
            HandlerConfig = new { maxText = MaxText },
        };
    }

    private static string ListTitle(PromptFacts prompt)
    {
        var kind = ListKindPattern().Match(prompt.Lower);
        if (kind.Success)
        {
            return PromptFacts.TitleCase(kind.Groups["v"].Value) + " List";
        }

        if (prompt.Has("chores?"))
        {
            return "Chores";
        }

        if (prompt.Has("check ?lists?"))
        {
            return "Checklist";
        }

        return prompt.Has("todos?|todo ?lists?|todo ?app") || !prompt.Has("tasks?") ? "To-Do List" : "Tasks";
    }

    [GeneratedRegex(@"\b(?<v>shopping|grocery|packing|reading|bucket|wish|homework|movie|watch|gift)\s+(?:check)?list", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ListKindPattern();
}
