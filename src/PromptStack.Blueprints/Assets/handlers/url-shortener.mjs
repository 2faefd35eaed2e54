// Link shortener: POST /links {url} -> code, GET /links, GET /r/{code} -> 302 redirect, DELETE /links/{code}.
// A link is stored twice: pk "link" / sk time-sortable id for the list, pk "code" / sk code for the redirect.
const CODE = /^[A-Za-z0-9]{4,16}$/;

async function findCode(code) {
  if (!CODE.test(code)) fail(404, "No such short link.");
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: "code", sk: code } }));
  if (!out.Item) fail(404, "No such short link.");
  return out.Item;
}

async function create(url) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const code = randomCode(CONFIG.codeLength);
    const id = newId();
    const createdAt = new Date().toISOString();
    try {
      await db.send(new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: TABLE, Item: { pk: "code", sk: code, linkId: id, url }, ConditionExpression: "attribute_not_exists(pk)" } },
          { Put: { TableName: TABLE, Item: { pk: "link", sk: id, code, url, clicks: 0, createdAt } } },
        ],
      }));
      return { id, code, url, clicks: 0, createdAt, path: `/r/${code}` };
    } catch (error) {
      if (error?.name !== "TransactionCanceledException") throw error;
    }
  }
  fail(503, "Could not find a free code; try again.");
}

async function handle({ method, parts }, event) {
  if (parts[0] === "r" && parts.length === 2) {
    if (method !== "GET" && method !== "HEAD") fail(405, "Use GET on /r/{code}.");
    const target = await findCode(parts[1]);
    try {
      await db.send(new UpdateCommand({
        TableName: TABLE,
        Key: { pk: "link", sk: target.linkId },
        UpdateExpression: "ADD clicks :one",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":one": 1 },
      }));
    } catch (error) {
      console.error("click not counted", error?.name);
    }
    return { statusCode: 302, headers: { location: target.url, "cache-control": "no-store", ...CORS }, body: "" };
  }
  if (parts[0] !== "links" || parts.length > 2) fail(404, "Not found.");
  if (parts.length === 1) {
    if (method === "GET") return json(200, { items: (await listItems("link", { limit: 200 })).map((l) => ({ ...l, path: `/r/${l.code}` })) });
    if (method === "POST") {
      const body = readBody(event);
      return json(201, await create(httpUrl(body, "url", { label: "URL" })));
    }
    fail(405, "Use GET or POST on /links.");
  }
  if (method !== "DELETE") fail(405, "Use DELETE on /links/{code}.");
  const target = await findCode(parts[1]);
  await db.send(new TransactWriteCommand({
    TransactItems: [
      { Delete: { TableName: TABLE, Key: { pk: "code", sk: target.sk } } },
      { Delete: { TableName: TABLE, Key: { pk: "link", sk: target.linkId } } },
    ],
  }));
  return json(200, { deleted: target.sk });
}
