using PromptStack.Blueprints;

namespace PromptStack.Provisioning.Engine;

public static class StackOutputs
{
    /// <summary>
    /// The site and API URLs. With a local preview (emulator mode) users open the app on its preview
    /// origin, served by the platform, so those links lead there and the emulator's own URLs are kept beside them.
    /// </summary>
    public static Dictionary<string, string> For(Guid projectId, IReadOnlyDictionary<string, ResourceState> ready, string? previewBaseUrl)
    {
        var outputs = new Dictionary<string, string>();
        var site = ready.TryGetValue(ResourceKinds.S3Bucket, out var bucket) ? bucket.Attribute("websiteUrl") : null;
        var api = ready.TryGetValue(ResourceKinds.HttpApi, out var http) ? http.Attribute("endpoint") : null;
        if (previewBaseUrl is { } preview)
        {
            var root = PreviewOrigin.For(preview, projectId);
            if (site is not null)
            {
                outputs["siteUrl"] = root;
                outputs["bucketWebsiteUrl"] = site;
            }

            if (api is not null)
            {
                outputs["apiUrl"] = root + "api";
                outputs["httpApiEndpoint"] = api;
            }

            return outputs;
        }

        if (site is not null)
        {
            outputs["siteUrl"] = site;
        }

        if (api is not null)
        {
            outputs["apiUrl"] = api;
        }

        return outputs;
    }
}
