// Poll: GET /poll (question, options, results), POST /votes {option, voter}, GET /votes/{voter} (that voter's choice).
// One vote per browser: the page keeps a random voter id in localStorage and sends it with its vote; the vote is
// written in one transaction with a "voter" item whose put is conditional on the id being new, so a second vote
// from the same id is refused here, on the server, whatever the page does. Votes name no person and set no cookie.
const VOTER_PATTERN = /^[A-Za-z0-9-]{16,64}$/;

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

async function votedFor(voter) {
  const out = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: "voter", sk: voter } }));
  return out.Item?.option;
}

async function vote(option, voter) {
  const id = newId();
  const now = new Date().toISOString();
  try {
    await db.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: TABLE, Item: { pk: "voter", sk: voter, option, createdAt: now }, ConditionExpression: "attribute_not_exists(pk)" } },
        { Put: { TableName: TABLE, Item: { pk: "vote", sk: id, option, createdAt: now } } },
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
  } catch (error) {
    // The voter item exists: this browser has voted. Nothing was counted (the transaction is all or nothing).
    if (error?.name === "TransactionCanceledException" && error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed") {
      return json(409, { error: "You already voted.", voted: await votedFor(voter), ...(await results()) });
    }
    throw error;
  }
  return json(201, { id, option, voted: option, ...(await results()) });
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
    const voter = text(body, "voter", { label: "Voter", max: 64, pattern: VOTER_PATTERN, patternMessage: "Voter is not valid." });
    return vote(option, voter);
  }
  if (parts.length === 2 && parts[0] === "votes") {
    if (method !== "GET") fail(405, "Use GET on /votes/{voter}.");
    if (!VOTER_PATTERN.test(parts[1])) fail(404, "Not found.");
    return json(200, { voted: (await votedFor(parts[1])) ?? null });
  }
  fail(404, "Not found.");
}
