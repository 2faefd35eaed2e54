const form = document.getElementById("vote");
const results = document.getElementById("results");
const questionEl = document.getElementById("question");
const votedEl = document.getElementById("voted");
questionEl.textContent = APP.question;
questionEl.hidden = APP.question === document.querySelector("h1").textContent;

const optionsBox = document.getElementById("options");
APP.options.forEach((option, index) => {
  optionsBox.append(h("label", { class: "option" }, h("input", { type: "radio", name: "option", value: option, required: index === 0 }), h("span", {}, option)));
});

// One vote per browser: a random id kept in this site's localStorage (no cookie) names the browser to the API,
// which refuses a second vote from it. Clearing site data makes a new voter; that is the limit of "per browser".
// crypto.getRandomValues, not randomUUID: the latter exists only on https or localhost pages.
function newVoterId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function voterId() {
  const key = "promptstack-poll-voter";
  let id = null;
  try {
    id = localStorage.getItem(key);
    if (!id || !/^[A-Za-z0-9-]{16,64}$/.test(id)) {
      id = newVoterId();
      localStorage.setItem(key, id);
    }
  } catch {
    id = id || newVoterId(); // storage blocked: this page load still votes once
  }
  return id;
}
const voter = voterId();

function showVoted(option) {
  if (!option) return;
  votedEl.textContent = `You voted for ${option}.`;
  votedEl.hidden = false;
  form.hidden = true;
}

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
  const [data, mine] = await Promise.all([api("poll"), api(`votes/${encodeURIComponent(voter)}`)]);
  render(data);
  showVoted(mine.voted);
}

async function sendVote(option) {
  const response = await fetch(`${apiUrl}/votes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ option, voter }),
  });
  const data = await response.json().catch(() => ({}));
  // 409: this browser voted before (maybe in another tab); the answer still carries the results and that vote.
  if (!response.ok && response.status !== 409) throw new Error(data.error || `Request failed (${response.status}).`);
  return data;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    if (!apiUrl) throw new Error("This page has no API address: config.js is missing.");
    const option = formValues(form).option;
    if (!option) throw new Error("Pick an option first.");
    const data = await sendVote(option);
    render(data);
    showVoted(data.voted);
  });
});

busy(null, load);
