// Expenses: GET /expenses (items + totals per category), POST /expenses {description, amount, category, date?}, DELETE /expenses/{id}.
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function totals(items) {
  const byCategory = Object.fromEntries(CONFIG.categories.map((c) => [c, 0]));
  for (const item of items) byCategory[item.category] = (byCategory[item.category] ?? 0) + Number(item.amount);
  for (const key of Object.keys(byCategory)) byCategory[key] = Math.round(byCategory[key] * 100) / 100;
  const total = Math.round(Object.values(byCategory).reduce((a, b) => a + b, 0) * 100) / 100;
  return { totals: byCategory, total };
}

async function handle({ method, parts }, event) {
  if (parts[0] !== "expenses" || parts.length > 2) fail(404, "Not found.");
  if (parts.length === 1) {
    if (method === "GET") {
      const items = await listItems("expense", { limit: 1000 });
      return json(200, { currency: CONFIG.currency, categories: CONFIG.categories, items, ...totals(items) });
    }
    if (method === "POST") {
      const body = readBody(event);
      const amount = number(body, "amount", { label: "Amount", min: 0.01, max: 1e9 });
      let date = text(body, "date", { label: "Date", required: false, max: 10, pattern: DATE, patternMessage: "Date must look like 2025-01-31." });
      if (date !== undefined && !isRealDate(date)) fail(400, "Date must be a real date.");
      date ??= new Date().toISOString().slice(0, 10);
      const expense = {
        description: text(body, "description", { label: "Description", max: 120 }),
        amount: Math.round(amount * 100) / 100,
        category: oneOf(body, "category", CONFIG.categories, { label: "Category" }),
        date,
      };
      return json(201, await createItem("expense", expense));
    }
    fail(405, "Use GET or POST on /expenses.");
  }
  if (method !== "DELETE") fail(405, "Use DELETE on /expenses/{id}.");
  const id = checkId(parts[1]);
  await deleteItem("expense", id);
  return json(200, { deleted: id });
}
