const form = document.getElementById("vote");
const results = document.getElementById("results");
const questionEl = document.getElementById("question");
questionEl.textContent = APP.question;
questionEl.hidden = APP.question === document.querySelector("h1").textContent;

const optionsBox = document.getElementById("options");
APP.options.forEach((option, index) => {
  optionsBox.append(h("label", { class: "option" }, h("input", { type: "radio", name: "option", value: option, required: index === 0 }), h("span", {}, option)));
});

function render(data) {
  clear(results);
  for (const row of data.results) {
    const share = data.total > 0 ? Math.round((row.votes / data.total) * 100) : 0;
    results.append(h("li", {},
      h("span", { class: "grow" }, row.option),
      h("meter", { min: 0, max: Math.max(data.total, 1), value: row.votes }),
      h("span", { class: "muted" }, `${row.votes} (${share}%)`)));
  }
  document.getElementById("total").textContent = `(${data.total} vote${data.total === 1 ? "" : "s"})`;
}

async function load() {
  render(await api("poll"));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    const option = formValues(form).option;
    if (!option) throw new Error("Pick an option first.");
    render(await api("votes", { method: "POST", body: { option } }));
    form.reset();
    status("Thanks for voting!");
  });
});

busy(null, load);
