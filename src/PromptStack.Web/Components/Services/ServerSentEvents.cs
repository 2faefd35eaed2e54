using System.Runtime.CompilerServices;
using System.Text;

namespace PromptStack.Web.Components.Services;

/// <summary>One message of a <c>text/event-stream</c>.</summary>
public sealed record ServerSentEvent(string? Id, string Event, string Data);

/// <summary>A reader of the server-sent events format (id, event and data fields; comments and retry are ignored).</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? id = null;
        var type = "message";
        var data = new StringBuilder();
        var hasData = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return new ServerSentEvent(id, type, data.ToString());
                }

                type = "message";
                data.Clear();
                hasData = false;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "data":
                    if (hasData)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    hasData = true;
                    break;
                case "event":
                    type = value;
                    break;
                case "id":
                    id = value;
                    break;
            }
        }
    }
}
