using System.Text.Json.Nodes;
using PromptStack.Blueprints;

namespace PromptStack.BlueprintTests;

/// <summary>Model answers for the LLM generator tests: a valid one and hostile variations of it.</summary>
public static class LlmAnswers
{
    /// <summary>A valid full-stack answer built from the catalog's to-do list, as a model would send it.</summary>
    public static JsonObject Valid()
    {
        var todo = new OfflineBlueprintGenerator().Generate("a to-do list").Blueprint!;
        return new JsonObject
        {
            ["template"] = "reading-tracker",
            ["title"] = "Reading Tracker",
            ["summary"] = "Track the books you want to read and tick them off.",
            ["parameters"] = new JsonObject { ["genre"] = "any" },
            ["resources"] = new JsonArray(DefaultBlueprintGenerator.FullStack
                .Select(r => (JsonNode)new JsonObject { ["kind"] = r.Kind, ["name"] = r.Name, ["description"] = "model says: " + r.Kind })
                .ToArray()),
            ["files"] = new JsonArray(todo.Files
                .Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["contentType"] = f.ContentType.Split(';')[0], ["content"] = f.Content })
                .ToArray()),
            ["handlerCode"] = todo.HandlerCode,
        };
    }

    /// <summary>A valid static answer: the website bucket and one page.</summary>
    public static JsonObject ValidStatic() => new()
    {
        ["template"] = "hello-page",
        ["title"] = "Hello",
        ["summary"] = "A single static page.",
        ["resources"] = new JsonArray(new JsonObject { ["kind"] = "s3-bucket", ["name"] = "site" }),
        ["files"] = new JsonArray(
            new JsonObject { ["path"] = "index.html", ["contentType"] = "text/html; charset=utf-8", ["content"] = "<!doctype html><title>Hello</title><h1>Hello</h1>" },
            new JsonObject { ["path"] = "logo.svg", ["contentType"] = "image/svg+xml", ["content"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>" }),
        ["handlerCode"] = null,
    };

    private static JsonArray Files(JsonObject answer) => answer["files"]!.AsArray();

    private static JsonArray Resources(JsonObject answer) => answer["resources"]!.AsArray();

    private static JsonObject File(string path, string content, string contentType = "application/javascript") =>
        new() { ["path"] = path, ["contentType"] = contentType, ["content"] = content };

    /// <summary>Hostile answers by name: the raw text the model sends and the reason the note must give.</summary>
    public static readonly IReadOnlyDictionary<string, (Func<string> Answer, string Reason)> Hostile =
        new Dictionary<string, (Func<string>, string)>
        {
            ["path traversal"] = (() => With(a => Files(a)[0]!["path"] = "../../etc/passwd"), "file name '../../etc/passwd' is not allowed"),
            ["sub folder"] = (() => With(a => Files(a).Add(File("a/b.js", "1"))), "file name 'a/b.js' is not allowed"),
            ["script in file name"] = (() => With(a => Files(a).Add(File("<script>.html", "x", "text/html"))), "file name '<script>.html' is not allowed"),
            ["double dot"] = (() => With(a => Files(a).Add(File("x..js", "1"))), "file name 'x..js' is not allowed"),
            ["absolute path"] = (() => With(a => Files(a).Add(File("/etc/cron.d/x", "1"))), "file name '/etc/cron.d/x' is not allowed"),
            ["oversized file"] = (() => With(a => Files(a).Add(File("big.js", new string('x', 201 * 1024)))), "file 'big.js' is 201 KB, more than 200 KB"),
            ["too much in total"] = (() => With(a =>
            {
                for (var i = 0; i < 6; i++)
                {
                    Files(a).Add(File($"part{i}.js", new string('x', 190 * 1024)));
                }
            }), "more than 1024 KB"),
            ["too many files"] = (() => With(a =>
            {
                for (var i = 0; i < 18; i++)
                {
                    Files(a).Add(File($"f{i}.js", "1"));
                }
            }), "21 files is more than 20"),
            ["unknown resource kind"] = (() => With(a => Resources(a).Add(new JsonObject { ["kind"] = "ec2-instance", ["name"] = "vm" })), "resource kind 'ec2-instance' is not allowed"),
            ["renamed resource"] = (() => With(a => Resources(a)[2]!["name"] = "bucket"), "the s3-bucket must be named 'site', not 'bucket'"),
            ["duplicate resource"] = (() => With(a => Resources(a).Add(new JsonObject { ["kind"] = "dynamodb-table", ["name"] = "data" })), "resource kind 'dynamodb-table' appears more than once"),
            ["function without role"] = (() => With(a => Resources(a).RemoveAt(0)), "a lambda-function needs the iam-role 'role'"),
            ["bad content type"] = (() => With(a => Files(a)[2]!["contentType"] = "application/x-msdownload"), "content type 'application/x-msdownload' of 'app.js' is not allowed"),
            ["own config.js"] = (() => With(a => Files(a).Add(File("config.js", "window.PROMPTSTACK_CONFIG = { apiUrl: 'https://evil.example' };"))), "file name 'config.js' is reserved"),
            ["no index.html"] = (() => With(a => Files(a).RemoveAt(0)), "the site has no index.html"),
            ["script from a CDN"] = (() => With(a => Files(a)[0]!["content"] = "<script src=\"https://cdn.example.com/lib.js\"></script>"), "file 'index.html' loads something from another site"),
            ["css import from the web"] = (() => With(a => Files(a)[1]!["content"] = "@import url(\"//fonts.example.com/x.css\");"), "file 'styles.css' loads something from another site"),
            ["handler too big"] = (() => With(a => a["handlerCode"] = "export const handler = async () => ({});\n//" + new string('x', 257 * 1024)), "the handler code is 258 KB, more than 256 KB"),
            ["handler missing"] = (() => With(a => a["handlerCode"] = null), "the lambda-function has no handler code"),
            ["handler without export"] = (() => With(a => a["handlerCode"] = "const handler = 1;"), "the handler code does not export 'handler'"),
            ["handler importing from the web"] = (() => With(a => a["handlerCode"] = "import x from \"https://evil.example/x.mjs\";\nexport const handler = x;"), "the handler code imports a module from the network"),
            ["handler without function"] = (() => With(a => a["resources"] = new JsonArray(new JsonObject { ["kind"] = "s3-bucket", ["name"] = "site" })), "handler code was given but there is no lambda-function"),
            ["bad template name"] = (() => With(a => a["template"] = "../evil"), "template name '../evil' is not allowed"),
            ["missing title"] = (() => With(a => a.Remove("title")), "the title must be 1 to 80 characters"),
            ["null entries"] = (() => With(a => Files(a).Add(null)), "a file is empty"),
            ["no resources"] = (() => With(a => a["resources"] = new JsonArray()), "the blueprint has no resources"),
            ["not json"] = (() => "Sure! Here is your app: a to-do list.", "it is not a JSON object"),
            ["broken json"] = (() => "{\"template\": x}", "it is not valid blueprint JSON"),
            ["wrong types"] = (() => With(a => a["files"] = "index.html"), "it is not valid blueprint JSON at '$.files'"),
            ["empty answer"] = (() => "   ", "it was empty"),
        };

    public static string With(Action<JsonObject> change)
    {
        var answer = Valid();
        change(answer);
        return answer.ToJsonString();
    }
}
