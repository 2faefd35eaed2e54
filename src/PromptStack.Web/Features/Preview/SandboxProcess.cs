using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PromptStack.Web.Features.Preview;

/// <summary>
/// Runs one process under a deadline, a resident-memory watchdog and output caps; whichever limit trips first
/// kills the whole process tree, and the process is always waited for, so no zombie outlives the call.
/// </summary>
public static class SandboxProcess
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<SandboxRun> RunAsync(
        ProcessStartInfo start, byte[] input, TimeSpan timeout, long maxResidentBytes, int maxOutputBytes, int maxErrorBytes,
        CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var verdict = (int)SandboxExit.Exited;
        void Stop(SandboxExit reason)
        {
            // The first limit to trip names the failure; later ones only find the process already dying.
            if (Interlocked.CompareExchange(ref verdict, (int)reason, (int)SandboxExit.Exited) != (int)SandboxExit.Exited)
            {
                return;
            }

            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
            {
                // Already gone.
            }
        }

        using var watch = new CancellationTokenSource();
        using var readLimit = new CancellationTokenSource();
        var output = ReadAsync(process.StandardOutput.BaseStream, maxOutputBytes, () => Stop(SandboxExit.OutputTooLarge), readLimit.Token);
        var errors = ReadAsync(process.StandardError.BaseStream, maxErrorBytes, null, readLimit.Token);
        var watchdog = WatchMemoryAsync(process.Id, maxResidentBytes, () => Stop(SandboxExit.OutOfMemory), watch.Token);
        using var deadline = new CancellationTokenSource(timeout);
        using var onDeadline = deadline.Token.Register(() => Stop(SandboxExit.TimedOut));
        using var onCancel = cancellationToken.Register(() => Stop(SandboxExit.Canceled));
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(input, watch.Token);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process died (or was killed) before reading its input; its exit tells why.
        }

        await process.WaitForExitAsync(CancellationToken.None);
        await watch.CancelAsync();
        await watchdog;

        // The pipes close with the process unless something it started still holds them: give up on those soon.
        readLimit.CancelAfter(TimeSpan.FromSeconds(2));
        return new SandboxRun((SandboxExit)Volatile.Read(ref verdict), process.ExitCode, await output, Encoding.UTF8.GetString(await errors));
    }

    /// <summary>
    /// Reads to the end so the child never blocks on a full pipe, keeping at most <paramref name="cap"/> bytes: past it,
    /// an output with <paramref name="onOverflow"/> is stopped, a log keeps its last bytes.
    /// </summary>
    private static async Task<byte[]> ReadAsync(Stream stream, int cap, Action? onOverflow, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var room = cap - (int)kept.Length;
                if (read > room && onOverflow is not null)
                {
                    kept.Write(buffer, 0, Math.Max(0, room));
                    onOverflow();
                    break;
                }

                kept.Write(buffer, 0, read);
                if (kept.Length > 2L * cap)
                {
                    // A log keeps its tail: the crash message or the runtime's fatal error comes last.
                    var tail = kept.ToArray()[^cap..];
                    kept.SetLength(0);
                    kept.Write(tail);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // See RunAsync: a pipe still held open after the exit.
        }

        var all = kept.ToArray();
        return all.Length > cap ? all[^cap..] : all;
    }

    private static async Task WatchMemoryAsync(int pid, long maxResidentBytes, Action onExceeded, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (ResidentBytes(pid) > maxResidentBytes)
                {
                    onExceeded();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The process ended.
        }
    }

    /// <summary>Resident set size from /proc (second field of statm, in pages); 0 once the process is gone.</summary>
    private static long ResidentBytes(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
