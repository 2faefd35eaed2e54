// Notes board: GET /notes, POST /notes {text, title?, color?}, DELETE /notes/{id}.
async function handle({ method, parts }, event) {
  if (parts[0] !== "notes" || parts.length > 2) fail(404, "Not found.");
  if (parts.length === 1) {
    if (method === "GET") return json(200, { items: await listItems("note", { limit: 200 }) });
    if (method === "POST") {
      const body = readBody(event);
      const note = {
        title: text(body, "title", { label: "Title", required: false, max: 80 }),
        text: text(body, "text", { label: "Text", max: 1000 }),
        color: oneOf(body, "color", CONFIG.colors, { label: "Color", required: false }) ?? CONFIG.colors[0],
      };
      return json(201, await createItem("note", note));
    }
    fail(405, "Use GET or POST on /notes.");
  }
  if (method !== "DELETE") fail(405, "Use DELETE on /notes/{id}.");
  const id = checkId(parts[1]);
  await deleteItem("note", id);
  return json(200, { deleted: id });
}
