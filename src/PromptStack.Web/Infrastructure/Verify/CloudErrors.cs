using System.Net.Sockets;
using Amazon.Runtime;
using PromptStack.Provisioning.Aws;

namespace PromptStack.Web.Infrastructure.Verify;

/// <summary>One readable sentence for a failed cloud call, never a stack trace, never a credential.</summary>
public static class CloudErrors
{
    public const string Hint = "check AWS_ENDPOINT_URL / AWS_REGION";

    /// <summary>Where calls go: the emulator's address, or AWS with its region.</summary>
    public static string Where(AwsSettings settings) =>
        settings.UsesCustomEndpoint ? settings.EndpointUrl! : $"AWS in {settings.Region}";

    public static string Describe(Exception exception, AwsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(settings);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException)
            {
                return $"could not reach {Where(settings)} ({FirstLine(e.Message)}) — {Hint}";
            }
        }

        return exception switch
        {
            OperationCanceledException or TimeoutException => $"{Where(settings)} did not answer in time — {Hint}",
            AmazonServiceException { ErrorCode.Length: > 0 } s => $"{s.ErrorCode}: {FirstLine(s.Message)}",
            _ => FirstLine(exception.Message),
        };
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
