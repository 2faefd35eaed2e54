namespace PromptStack.Web.Features.Preview;

/// <summary>
/// An exclusive lock between processes: a file opened with no sharing (on Linux, .NET takes flock on it). The
/// system drops it when the holder closes it or dies, so a crashed holder never leaves it stuck.
/// </summary>
public static class LockFile
{
    public static async Task<FileStream> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }
}
