using PromptStack.Provisioning.Aws;

namespace PromptStack.Web.Infrastructure;

/// <summary>
/// Local mode: with neither AWS_ROLE_ARN nor AWS_ENDPOINT_URL set, the platform runs against a moto
/// emulator that it starts itself, so one command gives a working platform on a laptop.
/// </summary>
public static class LocalCloud
{
    public static async Task<MotoServer?> StartIfNeededAsync(ConfigurationManager configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["AWS_ROLE_ARN"]) || !string.IsNullOrWhiteSpace(configuration["AWS_ENDPOINT_URL"]))
        {
            return null;
        }

        try
        {
            var moto = await MotoServer.StartAsync();
            configuration["AWS_ENDPOINT_URL"] = moto.Url;
            return moto;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"Local mode needs the moto AWS emulator and could not start it: {ex.Message}. {MotoServer.MissingMotoMessage}, " +
                "or set AWS_ENDPOINT_URL (an emulator) or AWS_ROLE_ARN (real AWS).", ex);
        }
    }
}
