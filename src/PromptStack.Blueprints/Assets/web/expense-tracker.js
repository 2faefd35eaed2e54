const form = document.getElementById("add");
const money = new Intl.NumberFormat(undefined, { style: "currency", currency: APP.currency });
const categorySelect = document.getElementById("category");
for (const category of APP.categories) categorySelect.append(h("option", { value: category }, category));

function renderTotals(data) {
  const body = clear(document.getElementById("totals"));
  const max = Math.max(1, ...Object.values(data.totals));
  for (const category of APP.categories) {
    const amount = data.totals[category] || 0;
    body.append(h("tr", {},
      h("td", {}, category),
      h("td", { class: "num" }, money.format(amount)),
      h("td", {}, h("meter", { min: 0, max, value: amount }))));
  }
  document.getElementById("total").textContent = money.format(data.total);
}

function renderExpenses(items) {
  const body = clear(document.getElementById("expenses"));
  if (items.length === 0) body.append(h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No expenses yet.")));
  for (const item of items) {
    body.append(h("tr", {},
      h("td", {}, item.date),
      h("td", {}, item.description),
      h("td", {}, item.category),
      h("td", { class: "num" }, money.format(item.amount)),
      h("td", { class: "num" }, h("button", { type: "button", class: "link", onclick: () => busy(null, async () => {
        await api(`expenses/${encodeURIComponent(item.id)}`, { method: "DELETE" });
        await load();
      }) }, "Delete"))));
  }
}

async function load() {
  const data = await api("expenses");
  renderTotals(data);
  renderExpenses(data.items);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    const values = formValues(form);
    await api("expenses", {
      method: "POST",
      body: { description: values.description, amount: Number(values.amount), category: values.category, date: values.date || undefined },
    });
    form.reset();
    await load();
  });
});

busy(null, load);
