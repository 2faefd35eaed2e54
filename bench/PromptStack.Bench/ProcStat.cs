namespace PromptStack.Bench;

/// <summary>Reads /proc: a process's parent and CPU time, a main thread's run-queue wait, the machine's busy and stolen time.</summary>
public static class ProcStat
{
    // Linux reports CPU time in clock ticks of USER_HZ, 100 per second on every platform .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan ToTime(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    /// <summary>
    /// Parent and user + system ticks of a process, and the same with its ended (waited-for) children's, or null when
    /// it has gone.
    /// </summary>
    public static (int Parent, long Ticks, long WithEndedChildren)? Read(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);
            var own = Field(11) + Field(12);
            return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), own, own + Field(13) + Field(14));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Time a process's main thread spent ready to run but waiting for a core (the kernel's run-queue delay,
    /// /proc/PID/schedstat): how much a busy machine held that thread back. Only live threads have the figure, so
    /// a process whose threads come and go has no total.
    /// </summary>
    public static TimeSpan MainThreadRunQueueWait(int pid)
    {
        var nanoseconds = long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }

    /// <summary>
    /// Time the machine's cores spent running anything (summed over cores), and time the host took from them for
    /// others (steal: this machine wanted to run and was not let).
    /// </summary>
    public static (TimeSpan Busy, TimeSpan Stolen) Machine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        return (ToTime(fields[0] + fields[1] + fields[2] + fields[5] + fields[6]), ToTime(fields[7]));
    }
}
