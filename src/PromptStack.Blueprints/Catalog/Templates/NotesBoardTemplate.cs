namespace PromptStack.Blueprints.Catalog.Templates;

internal sealed class NotesBoardTemplate : AppTemplate
{
    public static readonly IReadOnlyList<string> Colors = ["yellow", "pink", "blue", "green", "purple"];

    public override string Name => "notes-board";

    public override string Description => "a notes board: pin short notes (title, text, colour) and remove them";

    public override string Example => "a sticky notes board for team ideas";

    public override IReadOnlyList<Keyword> Keywords { get; } =
    [
        new("notes?|note ?taking|notepad", 5),
        new("sticky|post-?its?|pin ?board|cork ?board|bulletin ?board|mood ?board", 5),
        new("(?:message|idea|ideas) ?board", 4),
        new("memos?|journal|diary", 4),
        new("jot(?:ting)?", 3),
        new("boards?|wall", 2),
        new("ideas?|thoughts|snippets?", 2),
    ];

    public override TemplateBuild Build(PromptFacts prompt)
    {
        var title = prompt.CalledName() ?? DefaultTitle(prompt);
        return new TemplateBuild
        {
            Title = title,
            Lead = "Pin a note for everyone to see; remove it when it is done.",
            Description = "a board of notes that visitors pin (optional title, text, colour) and remove",
            Parameters = new Dictionary<string, string> { ["title"] = title, ["colors"] = string.Join(", ", Colors) },
            PageConfig = new { colors = Colors },
            HandlerConfig = new { colors = Colors },
        };
    }

    private static string DefaultTitle(PromptFacts prompt) =>
        prompt.Has("sticky|post-?its?") ? "Sticky Notes"
        : prompt.Has("ideas? ?board|ideas") ? "Idea Board"
        : prompt.Has("message ?board|bulletin ?board") ? "Message Board"
        : prompt.Has("journal|diary") ? "Journal"
        : prompt.Has("memos?") ? "Memos"
        : "Notes Board";
}
