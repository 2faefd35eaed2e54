// Chart entries: GET /entries (items oldest first + series summed by label), POST /entries {label, value}, DELETE /entries/{id}.
function series(items) {
  const sums = new Map();
  for (const item of items) sums.set(item.label, (sums.get(item.label) ?? 0) + Number(item.value));
  return [...sums].map(([label, value]) => ({ label, value: Math.round(value * 1e6) / 1e6 }));
}

async function handle({ method, parts }, event) {
  if (parts[0] !== "entries" || parts.length > 2) fail(404, "Not found.");
  if (parts.length === 1) {
    if (method === "GET") {
      const items = await listItems("entry", { newestFirst: false, limit: 500 });
      return json(200, { chart: CONFIG.chart, items, series: series(items) });
    }
    if (method === "POST") {
      const body = readBody(event);
      const entry = {
        label: text(body, "label", { label: CONFIG.chart.categoryLabel, max: 40 }),
        value: number(body, "value", { label: CONFIG.chart.valueLabel, min: CONFIG.chart.kind === "pie" ? 0 : -1e12, max: 1e12 }),
      };
      return json(201, await createItem("entry", entry));
    }
    fail(405, "Use GET or POST on /entries.");
  }
  if (method !== "DELETE") fail(405, "Use DELETE on /entries/{id}.");
  const id = checkId(parts[1]);
  await deleteItem("entry", id);
  return json(200, { deleted: id });
}
