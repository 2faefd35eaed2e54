const form = document.getElementById("entry");
const fieldsBox = document.getElementById("fields");
const entriesCard = document.getElementById("entries-card");
const entriesList = document.getElementById("entries");

function input(field) {
  const common = { name: field.key, id: `f-${field.key}`, required: field.required };
  switch (field.type) {
    case "textarea": return h("textarea", { ...common, maxlength: 2000 });
    case "email": return h("input", { ...common, type: "email", maxlength: 254, autocomplete: "email" });
    case "tel": return h("input", { ...common, type: "tel", maxlength: 30, autocomplete: "tel" });
    case "url": return h("input", { ...common, type: "url", maxlength: 2048 });
    case "date": return h("input", { ...common, type: "date" });
    case "number": return h("input", { ...common, type: "number", step: "any" });
    case "rating": {
      const select = h("select", common, h("option", { value: "" }, "Choose…"));
      for (let stars = 5; stars >= 1; stars--) select.append(h("option", { value: String(stars) }, `${"★".repeat(stars)} (${stars})`));
      return select;
    }
    default: return h("input", { ...common, type: "text", maxlength: 100 });
  }
}

for (const field of APP.fields) {
  fieldsBox.append(h("label", { for: `f-${field.key}` }, field.required ? field.label : `${field.label} (optional)`, input(field)));
}

function render(items) {
  clear(entriesList);
  if (items.length === 0) entriesList.append(h("li", { class: "empty" }, "No entries yet. Be the first!"));
  for (const item of items) {
    const lines = APP.fields
      .filter((f) => !f.private && item.values[f.key] !== undefined)
      .map((f) => h("div", {}, h("strong", {}, `${f.label}: `), f.type === "rating" ? "★".repeat(Number(item.values[f.key])) : String(item.values[f.key])));
    entriesList.append(h("li", {}, h("div", {}, lines), h("span", { class: "muted" }, when(item.createdAt))));
  }
}

async function load() {
  if (!APP.showEntries) return;
  entriesCard.hidden = false;
  const data = await api("entries");
  render(data.items);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    const values = formValues(form);
    const body = {};
    for (const field of APP.fields) {
      const value = values[field.key];
      if (value === undefined || value === "") continue;
      body[field.key] = field.type === "rating" || field.type === "number" ? Number(value) : value;
    }
    await api("entries", { method: "POST", body });
    form.reset();
    document.getElementById("thanks").hidden = false;
    await load();
  });
});

busy(null, load);
