// Form entries: GET /entries (private fields left out), POST /entries {<field>: value, ...}.
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
const PHONE = /^[0-9+()./ -]{3,30}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readField(body, field) {
  const options = { label: field.label, required: field.required };
  switch (field.type) {
    case "email":
      return text(body, field.key, { ...options, max: 254, pattern: EMAIL, patternMessage: `${field.label} must be an e-mail address.` });
    case "tel":
      return text(body, field.key, { ...options, max: 30, pattern: PHONE, patternMessage: `${field.label} must be a phone number.` });
    case "url":
      return httpUrl(body, field.key, options);
    case "date": {
      const value = text(body, field.key, { ...options, max: 10, pattern: DATE, patternMessage: `${field.label} must be a date (YYYY-MM-DD).` });
      if (value !== undefined && !isRealDate(value)) fail(400, `${field.label} must be a real date.`);
      return value;
    }
    case "rating":
      return number(body, field.key, { ...options, min: 1, max: 5, integer: true });
    case "number":
      return number(body, field.key, { ...options, min: -1e9, max: 1e9 });
    case "textarea":
      return text(body, field.key, { ...options, max: 2000 });
    default:
      return text(body, field.key, { ...options, max: 100 });
  }
}

function publicEntry(item) {
  const values = {};
  for (const field of CONFIG.fields) {
    if (!field.private && item.values?.[field.key] !== undefined) values[field.key] = item.values[field.key];
  }
  return { id: item.id, createdAt: item.createdAt, values };
}

async function handle({ method, parts }, event) {
  if (parts[0] !== "entries" || parts.length !== 1) fail(404, "Not found.");
  if (method === "GET") return json(200, { items: (await listItems("entry", { limit: 100 })).map(publicEntry) });
  if (method === "POST") {
    const body = readBody(event);
    const values = {};
    for (const field of CONFIG.fields) {
      const value = readField(body, field);
      if (value !== undefined) values[field.key] = value;
    }
    const item = await createItem("entry", { values });
    return json(201, publicEntry(item));
  }
  fail(405, "Use GET or POST on /entries.");
}
