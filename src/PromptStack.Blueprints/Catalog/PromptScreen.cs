using System.Text.RegularExpressions;

namespace PromptStack.Blueprints.Catalog;

/// <summary>
/// Refuses, before any template or model is asked, prompts that are empty, too long, or name something PromptStack
/// never builds (GPU work, clusters, mail servers, scrapers...). It only ever provisions an S3 website, one Lambda
/// function, an HTTP API and a DynamoDB table.
/// </summary>
internal static partial class PromptScreen
{
    public static string? Check(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return "Describe the app you want, e.g. \"a to-do list\". " + OfflineBlueprintGenerator.CatalogText();
        }

        if (prompt.Length > PromptLimits.MaxLength)
        {
            return $"The prompt is too long ({prompt.Length} characters; at most {PromptLimits.MaxLength}). Describe the app in a sentence or two.";
        }

        var blocked = BlockedPattern().Match(new PromptFacts(prompt).Lower);
        if (blocked.Success)
        {
            return $"PromptStack can't build that: \"{blocked.Value}\" needs more than it provisions (a static website in S3, one Node.js function behind an HTTP API, and a DynamoDB table, with no outside network). "
                + OfflineBlueprintGenerator.CatalogText();
        }

        return null;
    }

    [GeneratedRegex(
        @"\b(?:bitcoin|ethereum|crypto ?(?:currency|currencies|mining|miner)|blockchain|mine (?:bitcoin|crypto|coins?)|mining (?:rig|pool)|gpus?|cuda|kubernetes|k8s|docker|(?:gpu|compute|kubernetes|k8s|hpc|spark|hadoop) clusters?|clusters? of|ec2|virtual machines?|vms?|ssh|mail server|smtp|send(?:s|ing)? (?:e?mails?|sms|text messages)|e?mail notifications?|sms|machine learning|train(?:ing)? (?:a|an|my|the)? ?(?:model|neural)|neural networks?|deep learning|llms?|video streaming|stream(?:ing)? video|live ?stream(?:ing)?|websockets?|operating system|kernel (?:module|driver)|(?:postgres|postgresql|mysql|mongodb|redis|elasticsearch) (?:server|database|cluster)|minecraft server|game server|ddos|botnet|port ?scan(?:ner|ning)?|keylogger|phishing|malware|ransomware|(?:web )?scrap(?:er|ing|e)|crawler)\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex BlockedPattern();
}
