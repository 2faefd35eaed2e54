namespace PromptStack.IntegrationTests.Engine;

/// <summary>
/// The scale tests measure call counts and call rates through an in-process proxy: they run alone, one after the
/// other, after the other test classes, so no other app in this process competes with them for the thread pool
/// (with other classes alongside, requests queued behind busy threads arrived in bunches of three and four).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleCollection
{
    public const string Name = "Scale";
}
