const form = document.getElementById("shorten");
const links = document.getElementById("links");

function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function render(items) {
  clear(links);
  if (items.length === 0) links.append(h("li", { class: "empty" }, "No short links yet."));
  for (const item of items) {
    const shortUrl = `${apiUrl}/r/${encodeURIComponent(item.code)}`;
    const target = safeHref(item.url);
    links.append(h("li", {},
      h("div", { class: "grow" },
        h("a", { href: shortUrl, target: "_blank", rel: "noopener noreferrer" }, shortUrl),
        h("div", { class: "muted" }, "→ ", target ? h("a", { href: target, rel: "noopener noreferrer nofollow" }, item.url) : item.url, ` · ${item.clicks || 0} clicks`)),
      h("button", { type: "button", onclick: () => navigator.clipboard.writeText(shortUrl).then(() => status("Copied.")) }, "Copy"),
      h("button", { type: "button", class: "link", onclick: () => busy(null, async () => {
        await api(`links/${encodeURIComponent(item.code)}`, { method: "DELETE" });
        await load();
      }) }, "Delete")));
  }
}

async function load() {
  render((await api("links")).items);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    await api("links", { method: "POST", body: { url: formValues(form).url } });
    form.reset();
    await load();
  });
});

busy(null, load);
