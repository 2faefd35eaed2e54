// Poll: GET /poll (question, options, results), POST /votes {option}. Each vote is stored; a tally item per option counts them.
async function results() {
  const out = await db.send(new QueryCommand({
    TableName: TABLE,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": "tally" },
  }));
  const counts = new Map((out.Items ?? []).map((item) => [item.sk, Number(item.votes ?? 0)]));
  const rows = CONFIG.options.map((option) => ({ option, votes: counts.get(option) ?? 0 }));
  return { question: CONFIG.question, options: CONFIG.options, results: rows, total: rows.reduce((sum, r) => sum + r.votes, 0) };
}

async function handle({ method, parts }, event) {
  if (parts.length === 1 && parts[0] === "poll") {
    if (method === "GET") return json(200, await results());
    fail(405, "Use GET on /poll.");
  }
  if (parts.length === 1 && parts[0] === "votes") {
    if (method !== "POST") fail(405, "Use POST on /votes.");
    const body = readBody(event);
    const option = oneOf(body, "option", CONFIG.options, { label: "Option" });
    const id = newId();
    await db.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: TABLE, Item: { pk: "vote", sk: id, option, createdAt: new Date().toISOString() } } },
        {
          Update: {
            TableName: TABLE,
            Key: { pk: "tally", sk: option },
            UpdateExpression: "ADD votes :one",
            ExpressionAttributeValues: { ":one": 1 },
          },
        },
      ],
    }));
    return json(201, { id, option, ...(await results()) });
  }
  fail(404, "Not found.");
}
