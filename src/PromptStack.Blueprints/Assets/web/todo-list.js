const list = document.getElementById("list");
const form = document.getElementById("add");

function render(items) {
  clear(list);
  if (items.length === 0) list.append(h("li", { class: "empty" }, "Nothing here yet."));
  for (const item of items) {
    const box = h("input", { type: "checkbox", checked: item.done, "aria-label": "Done" });
    box.addEventListener("change", () => busy(null, async () => {
      await api(`todos/${encodeURIComponent(item.id)}`, { method: "PATCH", body: { done: box.checked } });
      await load();
    }));
    list.append(h("li", { class: item.done ? "done" : "" },
      h("label", { class: "check" }, box, h("span", {}, item.text)),
      h("button", { type: "button", class: "link", onclick: () => busy(null, async () => {
        await api(`todos/${encodeURIComponent(item.id)}`, { method: "DELETE" });
        await load();
      }) }, "Delete")));
  }
  document.getElementById("count").textContent = `(${items.filter((i) => !i.done).length} open)`;
}

async function load() {
  const data = await api("todos");
  render(data.items);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    await api("todos", { method: "POST", body: { text: formValues(form).text } });
    form.reset();
    await load();
  });
});

busy(null, load);
