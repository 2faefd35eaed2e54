namespace PromptStack.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AuthTests(BrowserFixture fixture)
{
    [Fact]
    public async Task SignUp_NewAccount_ShowsEmptyProjectsAndSurvivesReload()
    {
        var page = await fixture.NewPageAsync();
        var email = Ui.NewEmail("signup");

        await Ui.SignUpAsync(page, email);

        await Assertions.Expect(page).ToHaveTitleAsync("Projects · PromptStack");
        await Assertions.Expect(page.GetByTestId("user-email")).ToHaveTextAsync(email);
        await Assertions.Expect(page.GetByTestId("empty-state")).ToContainTextAsync("No projects yet");
        await Assertions.Expect(page.GetByTestId("quota-projects")).ToContainTextAsync("0 of 10");
        await Ui.ScreenshotAsync(page, "signup-empty-projects");

        await page.ReloadAsync();
        await Ui.ReadyAsync(page, "projects");
        await Assertions.Expect(page.GetByTestId("user-email")).ToHaveTextAsync(email);
        await Assertions.Expect(page.GetByTestId("empty-state")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignUp_Session_IsAnHttpOnlyStrictCookieThatNoScriptCanRead()
    {
        var page = await fixture.NewPageAsync();
        await Ui.SignUpAsync(page, Ui.NewEmail("cookie"));

        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "promptstack.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal("{}", await page.EvaluateAsync<string>("JSON.stringify(localStorage)"));
        Assert.Equal("{}", await page.EvaluateAsync<string>("JSON.stringify(sessionStorage)"));
        Assert.DoesNotContain("promptstack.session", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPasswordThenRight_ShowsErrorThenProjects()
    {
        var page = await fixture.NewPageAsync();
        var email = Ui.NewEmail("signin");
        await Ui.SignUpAsync(page, email);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Ui.ReadyAsync(page, "signin");
        await Assertions.Expect(page.GetByTestId("user-email")).ToHaveCountAsync(0);

        await Ui.SignInAsync(page, email, "not-the-password");
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("Invalid e-mail or password");
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("The e-mail and password do not match an account.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true })).ToBeEnabledAsync();
        await Ui.ScreenshotAsync(page, "signin-wrong-password");

        await Ui.SignInAsync(page, email);
        await Ui.ReadyAsync(page, "projects");
        await Assertions.Expect(page.GetByTestId("user-email")).ToHaveTextAsync(email);

        // Signed out, a protected page sends the browser to sign-in and back afterwards.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Ui.ReadyAsync(page, "signin");
        await Ui.GotoAsync(page, "/projects/new", "signin");
        await Ui.SignInAsync(page, email);
        await Ui.ReadyAsync(page, "new-project");
    }

    [Fact]
    public async Task SignUp_ShortPasswordOrTakenEmail_ShowsTheApiWords()
    {
        var page = await fixture.NewPageAsync();
        var email = Ui.NewEmail("taken");
        await fixture.ApiUserAsync(email);

        await Ui.GotoAsync(page, "/signup", "signup");
        await page.GetByLabel("E-mail").FillAsync(Ui.NewEmail("short"));
        await page.GetByLabel("Password").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("Cannot register with these details");
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("Use at least 10 characters.");

        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("problem")).ToContainTextAsync("E-mail already registered");
        await Ui.ScreenshotAsync(page, "signup-email-taken");
    }
}
