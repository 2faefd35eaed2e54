namespace PromptStack.Web.Infrastructure.Verify;

/// <summary>The lines <c>verify</c> prints: one per check, written as soon as it is known, then a summary.</summary>
public sealed class Checklist(TextWriter output)
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    public void Ok(string check, string detail)
    {
        Passed++;
        Write("[ok]  ", check, detail);
    }

    public void Fail(string check, string detail)
    {
        Failed++;
        Write("[FAIL]", check, detail);
    }

    public void Skip(string check, string detail)
    {
        Skipped++;
        Write("[skip]", check, detail);
    }

    /// <summary>Writes the summary line; 0 when nothing failed, else 1.</summary>
    public int Finish()
    {
        output.WriteLine(Failed == 0
            ? $"All checks passed ({Passed} ok, {Skipped} skipped)."
            : $"{Failed} check(s) failed, {Passed} ok, {Skipped} skipped: fix the [FAIL] lines above and run verify again.");
        return Failed == 0 ? 0 : 1;
    }

    private void Write(string mark, string check, string detail)
    {
        output.WriteLine($"{mark} {check}: {detail}");
        output.Flush();
    }
}
