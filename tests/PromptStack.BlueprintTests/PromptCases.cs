namespace PromptStack.BlueprintTests;

/// <summary>One row of the prompt table: a prompt, the template it should pick (null: refused) and parameters it should read.</summary>
public sealed record PromptCase(string Prompt, string? Template, string Expected = "")
{
    /// <summary>"key=value | key=value" parsed into pairs (values may contain commas).</summary>
    public IReadOnlyDictionary<string, string> ExpectedParameters =>
        Expected.Split(" | ", StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());

    public override string ToString() => Prompt;
}

/// <summary>The prompt table: what users type and what the offline catalog should make of it.</summary>
public static class PromptCases
{
    public static readonly IReadOnlyList<PromptCase> All =
    [
        // chart-dashboard
        new("a bar chart of monthly sales", "chart-dashboard", "title=Monthly Sales | chartKind=bar | valueLabel=Sales | categoryLabel=Month"),
        new("a bar chart of monthly sales I can add entries to", "chart-dashboard", "title=Monthly Sales | chartKind=bar | valueLabel=Sales | categoryLabel=Month"),
        new("line chart of website visitors per day", "chart-dashboard", "title=Website Visitors per Day | chartKind=line | valueLabel=Website Visitors | categoryLabel=Day"),
        new("a pie chart showing expenses by category", "chart-dashboard", "title=Expenses by Category | chartKind=pie | valueLabel=Expenses | categoryLabel=Category"),
        new("dashboard for weekly signups", "chart-dashboard", "title=Weekly Signups | chartKind=bar | valueLabel=Signups | categoryLabel=Week"),
        new("graph my daily steps as a line", "chart-dashboard", "title=Daily Steps | chartKind=line | valueLabel=Steps | categoryLabel=Day"),
        new("I want a simple monthly revenue chart", "chart-dashboard", "title=Monthly Revenue | chartKind=bar | valueLabel=Revenue | categoryLabel=Month"),
        new("chart my weight over time", "chart-dashboard", "title=Weight over Time | chartKind=line | valueLabel=Weight | categoryLabel=Date"),
        new("a chart of temperature by city", "chart-dashboard", "title=Temperature by City | chartKind=bar | valueLabel=Temperature | categoryLabel=City"),
        new("a donut chart of market share by company", "chart-dashboard", "title=Market Share by Company | chartKind=pie | valueLabel=Market Share | categoryLabel=Company"),
        new("a line graph of quarterly profit called Profit Watch", "chart-dashboard", "title=Profit Watch | chartKind=line | valueLabel=Profit | categoryLabel=Quarter"),
        new("a dashboard", "chart-dashboard", "title=Dashboard | chartKind=bar | valueLabel=Value | categoryLabel=Category"),

        // expense-tracker
        new("an expense tracker", "expense-tracker", "title=Expense Tracker | categories=Food, Transport, Housing, Entertainment, Other | currency=USD"),
        new("expense tracker with categories food, rent and travel in euros", "expense-tracker", "categories=Food, Rent, Travel | currency=EUR"),
        new("track my spending by category: groceries, rent, fun", "expense-tracker", "categories=Groceries, Rent, Fun | currency=USD"),
        new("a budget app to track spending on food, rent and travel in £", "expense-tracker", "title=Budget Tracker | categories=Food, Rent, Travel | currency=GBP"),
        new("budget dashboard", "expense-tracker", "title=Budget Tracker"),
        new("log my expenses in yen", "expense-tracker", "currency=JPY"),
        new("a website that tracks my expenses", "expense-tracker", "title=Expense Tracker"),

        // todo-list
        new("a to-do list", "todo-list", "title=To-Do List"),
        new("a to do list for household chores", "todo-list", "title=Chores"),
        new("a shopping list", "todo-list", "title=Shopping List"),
        new("my tasks", "todo-list", "title=Tasks"),
        new("a checklist for packing", "todo-list", "title=Checklist"),
        new("a todo app called Getting Things Done", "todo-list", "title=Getting Things Done"),
        new("an app to keep track of my reading list", "todo-list", "title=Reading List"),

        // guestbook / forms
        new("a guestbook for 8 million visitors a month", "guestbook", "form=guestbook | fields=name, message | fieldTypes=name:text, message:textarea"),
        new("a guestbook with name, email and rating fields", "guestbook", "title=Guestbook | fields=name, email, rating | fieldTypes=name:text, email:email, rating:rating"),
        new("a feedback form with name, email and rating fields", "guestbook", "title=Feedback | form=feedback | fields=name, email, rating"),
        new("a feedback form that asks for name, email and a star rating", "guestbook", "form=feedback | fields=name, email, star_rating | fieldTypes=name:text, email:email, star_rating:rating"),
        new("a signup form for my newsletter", "guestbook", "title=Sign Up | form=signup | fields=name, email"),
        new("an RSVP form for our wedding", "guestbook", "form=rsvp | fields=name, email, number_of_guests | fieldTypes=name:text, email:email, number_of_guests:number"),
        new("a wedding website with an RSVP form", "guestbook", "form=rsvp"),
        new("a contact form", "guestbook", "form=contact | fields=name, email, message"),
        new("a guestbook with a name field and an optional website field", "guestbook", "fields=name, website | fieldTypes=name:text, website:url"),
        new("a signup form with first name, last name and email fields", "guestbook", "fields=first_name, last_name, email"),
        new("a page where visitors leave comments", "guestbook", "form=comments | fields=name, message"),

        // poll
        new("a poll", "poll", "question=What do you think? | options=Yes, No"),
        new("a poll \"Best pizza?\" with options margherita, pepperoni, hawaiian", "poll", "title=Best pizza? | question=Best pizza? | options=Margherita, Pepperoni, Hawaiian"),
        new("vote on the best programming language: python, rust or go", "poll", "question=Best programming language? | options=Python, Rust, Go"),
        new("a poll asking people which day works best for the team lunch with options Monday, Wednesday and Friday", "poll", "question=Which day works best for the team lunch? | options=Monday, Wednesday, Friday"),
        new("a poll called \"Lunch vote\" asking \"Where do we eat?\" with options \"Thai\", \"Pizza place\", \"Burgers\"", "poll", "title=Lunch vote | question=Where do we eat? | options=Thai, Pizza place, Burgers"),
        new("vote for your favourite colour between red, green and blue", "poll", "options=Red, Green, Blue"),

        // url-shortener
        new("a url shortener for 30 million requests a month", "url-shortener", "title=URL Shortener | codeLength=7"),
        new("shorten links for my team", "url-shortener", "title=Link Shortener"),
        new("a link shortener like bitly", "url-shortener", "title=Link Shortener"),

        // notes-board
        new("a notes board", "notes-board", "title=Notes Board"),
        new("a sticky notes board for team ideas", "notes-board", "title=Sticky Notes"),
        new("a place to jot down ideas", "notes-board", "title=Idea Board"),
        new("a journal", "notes-board", "title=Journal"),

        // landing-page
        new("a landing page for my bakery called Sweet Crumbs with sections menu, opening hours and contact", "landing-page", "title=Sweet Crumbs | sections=Menu, Opening Hours, Contact"),
        new("a landing page for my bakery", "landing-page", "title=Bakery | sections=About, Services, Contact"),
        new("a static website for my band with contact hello@band.example", "landing-page", "title=Band | email=hello@band.example"),
        new("a portfolio", "landing-page", "title=Welcome"),
        new("coming soon page", "landing-page"),

        // refused
        new("mine bitcoin on a GPU cluster", null),
        new("asdf", null),
        new("a kubernetes operator", null),
        new("write me a poem", null),
        new("a multiplayer game", null),
        new("a dashboard for my kubernetes cluster", null),
        new("an online store with payments", null),
        new("a chat app", null),
        new("scrape prices from amazon every hour", null),
        new("train a model on my photos", null),
        new("   ", null),
    ];

    // Rows are passed by prompt text so every row is its own test case in the runner.
    public static TheoryData<string> Fitting => new(All.Where(c => c.Template is not null).Select(c => c.Prompt));

    public static TheoryData<string> Unfit => new(All.Where(c => c.Template is null).Select(c => c.Prompt));

    public static PromptCase Find(string prompt) => All.Single(c => c.Prompt == prompt);
}
