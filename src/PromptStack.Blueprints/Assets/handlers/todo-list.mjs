// To-do list: GET /todos, POST /todos {text}, PATCH /todos/{id} {done?, text?}, DELETE /todos/{id}.
async function handle({ method, parts }, event) {
  if (parts[0] !== "todos" || parts.length > 2) fail(404, "Not found.");
  if (parts.length === 1) {
    if (method === "GET") return json(200, { items: await listItems("todo", { newestFirst: false, limit: 500 }) });
    if (method === "POST") {
      const body = readBody(event);
      const item = await createItem("todo", { text: text(body, "text", { label: "Text", max: CONFIG.maxText }), done: false });
      return json(201, item);
    }
    fail(405, "Use GET or POST on /todos.");
  }
  const id = checkId(parts[1]);
  if (method === "PATCH" || method === "PUT") {
    const body = readBody(event);
    const changes = {};
    if (body.done !== undefined) {
      if (typeof body.done !== "boolean") fail(400, "done must be true or false.");
      changes.done = body.done;
    }
    if (body.text !== undefined) changes.text = text(body, "text", { label: "Text", max: CONFIG.maxText });
    if (Object.keys(changes).length === 0) fail(400, "Nothing to change: send done or text.");
    return json(200, await updateItem("todo", id, changes));
  }
  if (method === "DELETE") {
    await deleteItem("todo", id);
    return json(200, { deleted: id });
  }
  fail(405, "Use PATCH or DELETE on /todos/{id}.");
}
