const form = document.getElementById("add");
const board = document.getElementById("board");
const colorSelect = document.getElementById("color");
for (const color of APP.colors) colorSelect.append(h("option", { value: color }, color));

function render(items) {
  clear(board);
  if (items.length === 0) board.append(h("p", { class: "empty" }, "The board is empty. Pin the first note!"));
  for (const item of items) {
    const color = APP.colors.includes(item.color) ? item.color : APP.colors[0];
    board.append(h("article", { class: `note note-${color}` },
      item.title ? h("h3", {}, item.title) : null,
      h("p", {}, item.text),
      h("div", { class: "note-foot" },
        h("span", { class: "muted" }, when(item.createdAt)),
        h("button", { type: "button", class: "link", onclick: () => busy(null, async () => {
          await api(`notes/${encodeURIComponent(item.id)}`, { method: "DELETE" });
          await load();
        }) }, "Remove"))));
  }
}

async function load() {
  render((await api("notes")).items);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    const values = formValues(form);
    await api("notes", { method: "POST", body: { title: values.title, text: values.text, color: values.color } });
    form.reset();
    await load();
  });
});

busy(null, load);
