using System.Text.Json;
using PromptStack.Blueprints;
using PromptStack.BlueprintTests.Infrastructure;

namespace PromptStack.BlueprintTests;

/// <summary>
/// The chart's axis ticks, run under Node exactly as the generated app.js holds them: the block between the
/// "axis ticks" markers is cut out of the page script and called with sample ranges.
/// </summary>
public sealed class ChartTickTests
{
    private const string Start = "// ---- axis ticks";
    private const string End = "// ---- end of axis ticks ----";

    /// <summary>Runs niceTicks(min, max) and tickFormat on each range; answers the ticks and their labels.</summary>
    private static async Task<List<(double[] Ticks, string[] Labels)>> RunAsync(params (double Min, double Max)[] ranges)
    {
        var app = new OfflineBlueprintGenerator().Generate("a bar chart of monthly sales").Blueprint!.Files.Single(f => f.Path == "app.js").Content;
        var from = app.IndexOf(Start, StringComparison.Ordinal);
        var to = app.IndexOf(End, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "app.js has no axis ticks block");
        // The page formats in the visitor's locale; the test pins en-US so the labels are known.
        var script = """
            const Intl = { NumberFormat: class extends globalThis.Intl.NumberFormat { constructor(_, o) { super("en-US", o); } } };

            """ + app[from..to] + $$"""

            const ranges = {{JsonSerializer.Serialize(ranges.Select(r => new[] { r.Min, r.Max }))}};
            console.log(JSON.stringify(ranges.map(([min, max]) => {
              const ticks = niceTicks(min, max);
              const format = tickFormat(ticks);
              return { ticks, labels: ticks.map((t) => format.format(t)) };
            })));
            """;
        var directory = Directory.CreateTempSubdirectory("psbt-ticks-").FullName;
        try
        {
            var path = Path.Combine(directory, "ticks.cjs");
            await File.WriteAllTextAsync(path, script);
            var (exitCode, output) = await ProcessRunner.RunAsync("node", [path], directory, TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, output);
            return JsonDocument.Parse(output).RootElement.EnumerateArray()
                .Select(r => (r.GetProperty("ticks").EnumerateArray().Select(t => t.GetDouble()).ToArray(),
                    r.GetProperty("labels").EnumerateArray().Select(t => t.GetString()!).ToArray()))
                .ToList();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task NiceTicks_HundredMillion_RoundTicksWithCompactLabels()
    {
        var (ticks, labels) = (await RunAsync((0, 99_999_999))).Single();

        Assert.Equal([0, 20e6, 40e6, 60e6, 80e6, 100e6], ticks);
        Assert.Equal(["0", "20M", "40M", "60M", "80M", "100M"], labels);
    }

    [Fact]
    public async Task NiceTicks_AwkwardMaxima_StepByOneTwoOrFive()
    {
        var results = await RunAsync((0, 1430), (0, 357.5), (0, 7), (0, 0.33), (-120, 480), (0, 0), (3, 3));

        Assert.Equal([0, 500, 1000, 1500], results[0].Ticks);
        Assert.Equal([0, 100, 200, 300, 400], results[1].Ticks);
        Assert.Equal([0, 2, 4, 6, 8], results[2].Ticks);
        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4], results[3].Ticks);
        Assert.Equal(["0", "0.1", "0.2", "0.3", "0.4"], results[3].Labels);
        Assert.Equal([-200, 0, 200, 400, 600], results[4].Ticks);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], results[5].Ticks);
        Assert.Equal(3, results[6].Ticks[0]);
        foreach (var (ticks, labels) in results)
        {
            var steps = ticks.Zip(ticks.Skip(1), (a, b) => Math.Round(b - a, 9)).Distinct().ToList();
            var step = Assert.Single(steps);
            var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
            Assert.Contains(Math.Round(mantissa, 6), new[] { 1d, 2d, 5d });
        }
    }

    [Fact]
    public async Task TickLabels_AnyMagnitude_StaySixCharactersOrShorter()
    {
        // Short labels plus a margin sized from the widest keep them clear of the rotated axis title.
        var results = await RunAsync((0, 12_345), (0, 987_654_321), (-5_000_000, 42_000_000), (0, 1e12), (-1e12, 0));

        Assert.Equal(["0", "5K", "10K", "15K"], results[0].Labels);
        Assert.All(results.SelectMany(r => r.Labels), l => Assert.True(l.Length <= 6, $"label \"{l}\" is too wide"));
        Assert.Equal("1T", results[3].Labels[^1]);
    }
}
