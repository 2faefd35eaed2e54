const PALETTE = ["#3559e0", "#e0663a", "#2f9e6e", "#b8860b", "#8e44ad", "#d6336c", "#1098ad", "#6c757d"];
const W = 640;
const H = 340;
const format = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const form = document.getElementById("add");
const entries = document.getElementById("entries");

document.getElementById("category-label").textContent = APP.chart.categoryLabel;
document.getElementById("value-label").textContent = APP.chart.valueLabel;
document.getElementById("category-head").textContent = APP.chart.categoryLabel;
document.getElementById("value-head").textContent = APP.chart.valueLabel;
if (APP.chart.kind === "pie") form.querySelector("input[name=value]").min = "0";

function short(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

// ---- axis ticks: pure functions (tests extract this block and run it under Node) ----
// Ticks step by 1, 2 or 5 times a power of ten and enclose every value (and zero), so the axis reads
// 0, 20M, 40M... rather than 357.5 or 9,999,999.
function niceTicks(min, max, intervals) {
  const wanted = intervals || 5;
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / wanted;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw * (1 - 1e-9));
  const first = Math.floor(min / step + 1e-9) * step;
  const ticks = [];
  // toPrecision drops float dust (0.30000000000000004) from each tick.
  for (let i = 0; first + (i - 1) * step < max - step * 1e-9; i++) ticks.push(Number((first + i * step).toPrecision(12)) || 0);
  return ticks;
}

// Tick labels: large numbers compact ("100M", "2.5K") so they fit left of the axis; small ones in full.
function tickFormat(ticks) {
  const largest = Math.max(...ticks.map((t) => Math.abs(t)));
  return largest >= 10000
    ? new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 })
    : new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
}
// ---- end of axis ticks ----

function axes(root, series, m) {
  const values = series.map((s) => s.value);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
  const tickText = tickFormat(ticks);
  const labels = ticks.map((t) => tickText.format(t));
  // The widest label sets the left margin, so labels never run into the axis title at x = 14.
  m.left = Math.max(56, 36 + 7 * Math.max(...labels.map((l) => l.length)));
  const low = ticks[0];
  const high = ticks[ticks.length - 1];
  const plotH = H - m.top - m.bottom;
  const y = (v) => m.top + ((high - v) / (high - low)) * plotH;
  ticks.forEach((v, i) => {
    root.append(svg("line", { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: "#dfe3ec" }));
    root.append(svg("text", { x: m.left - 8, y: y(v) + 4, "text-anchor": "end" }, labels[i]));
  });
  root.append(svg("line", { x1: m.left, x2: W - m.right, y1: y(0), y2: y(0), stroke: "#5b6478" }));
  root.append(svg("text", { x: 14, y: m.top + plotH / 2, "text-anchor": "middle", transform: `rotate(-90 14 ${m.top + plotH / 2})` }, APP.chart.valueLabel));
  root.append(svg("text", { x: m.left + (W - m.left - m.right) / 2, y: H - 8, "text-anchor": "middle" }, APP.chart.categoryLabel));
  return y;
}

function drawBars(root, series) {
  const m = { top: 20, right: 20, bottom: 60, left: 70 };
  const y = axes(root, series, m);
  const band = (W - m.left - m.right) / series.length;
  series.forEach((s, i) => {
    const x = m.left + i * band + band * 0.15;
    const top = Math.min(y(s.value), y(0));
    const bar = svg("rect", { x, y: top, width: band * 0.7, height: Math.max(1, Math.abs(y(s.value) - y(0))), fill: PALETTE[i % PALETTE.length], rx: 3 });
    bar.append(svg("title", {}, `${s.label}: ${format.format(s.value)}`));
    root.append(bar);
    root.append(svg("text", { x: x + band * 0.35, y: H - m.bottom + 16, "text-anchor": "middle" }, short(s.label, 12)));
  });
}

function drawLine(root, series) {
  const m = { top: 20, right: 20, bottom: 60, left: 70 };
  const y = axes(root, series, m);
  const band = (W - m.left - m.right) / series.length;
  const points = series.map((s, i) => [m.left + band * (i + 0.5), y(s.value)]);
  root.append(svg("polyline", { points: points.map((p) => p.join(",")).join(" "), fill: "none", stroke: PALETTE[0], "stroke-width": 2.5 }));
  series.forEach((s, i) => {
    const dot = svg("circle", { cx: points[i][0], cy: points[i][1], r: 4, fill: PALETTE[0] });
    dot.append(svg("title", {}, `${s.label}: ${format.format(s.value)}`));
    root.append(dot);
    root.append(svg("text", { x: points[i][0], y: H - m.bottom + 16, "text-anchor": "middle" }, short(s.label, 12)));
  });
}

function drawPie(root, series) {
  const positive = series.filter((s) => s.value > 0);
  const total = positive.reduce((sum, s) => sum + s.value, 0);
  if (total <= 0) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "Nothing to show: all values are zero."));
    return;
  }
  const cx = 170;
  const cy = H / 2;
  const r = 140;
  let angle = -Math.PI / 2;
  positive.forEach((s, i) => {
    const share = s.value / total;
    const color = PALETTE[i % PALETTE.length];
    let slice;
    if (share >= 0.9999) {
      slice = svg("circle", { cx, cy, r, fill: color });
    } else {
      const end = angle + share * 2 * Math.PI;
      const large = share > 0.5 ? 1 : 0;
      const d = `M ${cx} ${cy} L ${cx + r * Math.cos(angle)} ${cy + r * Math.sin(angle)} A ${r} ${r} 0 ${large} 1 ${cx + r * Math.cos(end)} ${cy + r * Math.sin(end)} Z`;
      slice = svg("path", { d, fill: color, stroke: "#fff", "stroke-width": 1 });
      angle = end;
    }
    slice.append(svg("title", {}, `${s.label}: ${format.format(s.value)} (${Math.round(share * 100)}%)`));
    root.append(slice);
    const ly = 30 + i * 22;
    if (ly < H - 10) {
      root.append(svg("rect", { x: 350, y: ly - 11, width: 14, height: 14, fill: color, rx: 2 }));
      root.append(svg("text", { x: 372, y: ly }, `${short(s.label, 22)} — ${format.format(s.value)} (${Math.round(share * 100)}%)`));
    }
  });
}

function draw(series) {
  const box = clear(document.getElementById("chart"));
  const root = svg("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${APP.chart.kind} chart: ${APP.chart.valueLabel} by ${APP.chart.categoryLabel}` });
  if (series.length === 0) {
    root.append(svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No data yet: add the first entry above."));
  } else if (APP.chart.kind === "pie") {
    drawPie(root, series);
  } else if (APP.chart.kind === "line") {
    drawLine(root, series);
  } else {
    drawBars(root, series);
  }
  box.append(root);
}

function renderTable(items) {
  clear(entries);
  for (const item of items) {
    entries.append(h("tr", {},
      h("td", {}, item.label),
      h("td", { class: "num" }, format.format(item.value)),
      h("td", { class: "num" }, h("button", { type: "button", class: "link", onclick: () => busy(null, async () => {
        await api(`entries/${encodeURIComponent(item.id)}`, { method: "DELETE" });
        await load();
      }) }, "Delete"))));
  }
}

async function load() {
  const data = await api("entries");
  draw(data.series);
  renderTable(data.items);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  busy(form, async () => {
    const values = formValues(form);
    await api("entries", { method: "POST", body: { label: values.label, value: Number(values.value) } });
    form.reset();
    form.querySelector("input[name=label]").focus();
    await load();
  });
});

draw([]);
busy(null, load);
