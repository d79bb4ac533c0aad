// eventwire analyst page: plain DOM, no libraries, no inline handlers (the page's CSP forbids inline script).
"use strict";

const PAGE = 50;
const state = { filters: {}, offset: 0, total: 0, view: "events", lastRow: null, listHash: null };
const $ = (sel) => document.querySelector(sel);
const SVG = "http://www.w3.org/2000/svg";
const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c === null || c === undefined ? "" : c);
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function getJSON(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) qs.set(k, v);
  const url = qs.toString() ? `${path}?${qs}` : path;
  const resp = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await resp.json().catch(() => ({ error: resp.statusText }));
  if (!resp.ok) throw new Error(body.error || `HTTP ${resp.status}`);
  return body;
}

function setStatus(id, text, isError) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error", Boolean(isError));
}

function show(view) {
  state.view = view;
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== `view-${view}`;
  for (const b of document.querySelectorAll(".tab")) b.setAttribute("aria-pressed", String(b.dataset.view === view));
  if (view === "timeline") loadTimeline();
  if (view === "network") loadNetwork();
  if (view === "stories") loadStories();
  if (view === "map") loadMap();
}

// ---- events table -------------------------------------------------------------------------------------
async function loadEvents() {
  setStatus("#events-status", "Loading…");
  try {
    const data = await getJSON("/api/mentions", { ...state.filters, limit: PAGE, offset: state.offset });
    state.total = data.total;
    renderEvents(data.items);
    if (state.lastRow) {  // back from an event: the row it was opened from has the focus again
      const { doc, idx } = state.lastRow.dataset;
      const again = document.querySelector(`#events-table tr[data-doc="${doc}"][data-idx="${idx}"]`);
      if (again) again.focus();
      state.lastRow = null;
    }
    const last = Math.min(data.offset + data.items.length, data.total);
    $("#page-info").textContent = data.total ? `${data.offset + 1}–${last} of ${data.total}` : "no events";
    $("#prev").disabled = data.offset === 0;
    $("#next").disabled = last >= data.total;
    setStatus("#events-status", `${data.total} reports of events`);
  } catch (err) {
    renderEvents([]);
    setStatus("#events-status", err.message, true);
  }
}

function renderEvents(items) {
  const body = $("#events-table tbody");
  body.replaceChildren();
  for (const e of items) {
    const tr = el("tr", { tabindex: "0", "data-doc": e.doc_id, "data-idx": String(e.idx),
                          "aria-label": `${e.source} ${e.type} ${e.target || ""}: open article` },
      el("td", {}, e.date || "—"), el("td", {}, e.source + (e.source_sector || "")), el("td", {}, e.type),
      el("td", {}, (e.target || "—") + (e.target_sector || "")), el("td", { class: "num" }, String(e.quad_class)),
      el("td", { class: "num" }, e.goldstein.toFixed(1)), el("td", {}, e.outlet || "—"),
      el("td", { class: "evidence" }, e.evidence.length > 220 ? e.evidence.slice(0, 217) + "…" : e.evidence));
    body.append(tr);
  }
}

function openRow(tr) {
  state.lastRow = tr;
  go(`#event/${tr.dataset.doc}/${tr.dataset.idx}`);
}

// ---- one event: its article with the evidence and quotes marked ---------------------------------------
async function openEvent(doc, idx) {
  show("event");
  for (const id of ["#event-summary", "#article-title", "#article-meta", "#quote-list", "#mention-list"]) {
    $(id).replaceChildren();  // nothing of the previously opened event may stay beside this one (or its error)
  }
  for (const part of document.querySelectorAll(".event-part")) part.hidden = false;
  $("#article-text").textContent = "Loading…";
  try {
    const [one, art] = await Promise.all([getJSON(`/api/mentions/${doc}/${idx}`), getJSON(`/api/articles/${doc}`)]);
    renderEvent(one, art);
    $("#back").focus();
    const mark = $("#article-text mark.evidence");
    if (mark) mark.scrollIntoView({ block: "center" });
  } catch (err) {
    for (const part of document.querySelectorAll(".event-part")) part.hidden = true;  // the error alone
    $("#article-text").textContent = `Could not load the event: ${err.message}`;
  }
}

function renderEvent(one, art) {
  const e = one.mention, a = art.article;
  $("#event-summary").replaceChildren(
    el("strong", {}, `${e.source}${e.source_sector || ""} ${e.type}${e.mode ? " (" + e.mode + ")" : ""} ` +
                     `${e.target ? e.target + (e.target_sector || "") : ""}`),
    ` — ${e.date || "no date"} · CAMEO ${e.cameo} · Goldstein ${e.goldstein} · quad ${e.quad_class} ` +
    `(${QUAD[e.quad_class]}) · trigger “${e.trigger || ""}”`);
  $("#article-title").textContent = a.title || "(no title)";
  $("#article-meta").textContent = [a.outlet, a.author, a.published, a.dateline, a.file_name].filter(Boolean).join(" · ");
  $("#article-text").replaceChildren(...markedText(art.text, e, art.quotes));
  $("#quote-list").replaceChildren(...art.quotes.map((q) => el("li", {},
    el("span", { class: "quote" }, `“${q.text}”`), ` — ${q.speaker || "unknown speaker"}` +
    (q.speaker_code ? ` (${q.speaker_code}${q.speaker_sector || ""})` : ""))));
  if (!art.quotes.length) $("#quote-list").append(el("li", { class: "muted" }, "no quotes"));
  $("#mention-list").replaceChildren(...one.event_mentions.map((m) => {
    const link = el("a", { href: `#event/${m.doc_id}/${m.idx}` }, `${m.file_name} #${m.idx}`);
    return el("li", {}, link, ` ${m.date || ""} — ${m.evidence}`);
  }));
}

// Offsets count Unicode code points (Python's str); JS strings count UTF-16 units, so work on code points.
function markedText(text, ev, quotes) {
  const cps = Array.from(text);
  const cut = (a, b) => cps.slice(a, b).join("");
  const spans = quotes.map((q) => [q.start, q.end]).sort((x, y) => x[0] - y[0]);
  const region = (a, b) => {  // plain text with the quotes inside [a, b) marked, quotes clipped to it
    const out = [];
    let pos = a;
    for (const [qs, qe] of spans) {
      const s = Math.max(qs, pos), t = Math.min(qe, b);
      if (s >= t) continue;
      if (s > pos) out.push(cut(pos, s));
      out.push(el("span", { class: "quote", title: "quotation" }, cut(s, t)));
      pos = t;
    }
    if (pos < b) out.push(cut(pos, b));
    return out;
  };
  const mark = el("mark", { class: "evidence", id: "evidence", title: "evidence sentence" },
                  ...region(ev.evidence_start, ev.evidence_end));
  return [...region(0, ev.evidence_start), mark, ...region(ev.evidence_end, cps.length)];
}

// ---- dyad timeline ------------------------------------------------------------------------------------
async function loadTimeline() {
  const form = new FormData($("#timeline-form"));
  const source = String(form.get("source")).trim(), target = String(form.get("target")).trim();
  setStatus("#timeline-status", "Loading…");
  try {
    const data = await getJSON("/api/timeline", { source, target });
    drawTimeline(data.periods);
    const n = data.periods.reduce((s, m) => s + m.events, 0);
    setStatus("#timeline-status", `${source} → ${target}: ${n} dated events in ${data.periods.length} month${data.periods.length === 1 ? "" : "s"}` +
              (data.undated ? `, ${data.undated} undated (not shown)` : ""));
  } catch (err) {
    $("#timeline-chart").replaceChildren();
    setStatus("#timeline-status", err.message, true);
  }
}

function drawTimeline(months) {
  const W = 900, H = 320, L = 44, R = 44, T = 16, B = 40;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
                            "aria-label": "Events per month by quad class, with the mean Goldstein score" });
  const maxN = Math.max(1, ...months.map((m) => m.events));
  const bw = Math.min(70, (W - L - R) / Math.max(months.length, 1));  // one month must not fill the chart
  const every = Math.max(1, Math.ceil(56 / bw));  // a month label needs about 56 px: label every n-th month
  const y = (n) => H - B - (n / maxN) * (H - T - B);
  const gy = (g) => T + ((10 - g) / 20) * (H - T - B);  // Goldstein runs from -10 to +10
  root.append(svg("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }),
              svg("text", { x: 4, y: T + 8 }, String(maxN)), svg("text", { x: 4, y: H - B }, "0"),
              svg("text", { x: W - R + 4, y: T + 8 }, "+10"), svg("text", { x: W - R + 4, y: gy(0) + 4 }, "0"),
              svg("text", { x: W - R + 4, y: H - B }, "−10"));
  const points = [];
  months.forEach((m, i) => {
    let base = 0;
    for (const q of [1, 2, 3, 4]) {
      const n = m[`q${q}`];
      if (!n) continue;
      const rect = svg("rect", { class: `q${q}`, x: L + i * bw + bw * 0.15, width: bw * 0.7,
                                 y: y(base + n), height: y(base) - y(base + n) });
      rect.append(svg("title", {}, `${m.period}: ${n} ${QUAD[q]}`));
      root.append(rect);
      base += n;
    }
    const cx = L + i * bw + bw / 2;
    if (m.mean_goldstein !== null) {  // an empty month has no mean: no dot, and the line skips it
      points.push(`${cx},${gy(m.mean_goldstein)}`);
      root.append(svg("circle", { cx, cy: gy(m.mean_goldstein), r: 3.5 }));
    }
    if (i % every === 0) root.append(svg("text", { x: cx, y: H - B + 16, "text-anchor": "middle" }, m.period));
  });
  if (points.length > 1) root.append(svg("polyline", { class: "gline", points: points.join(" ") }));
  $("#timeline-chart").replaceChildren(root);
  $("#timeline-legend").replaceChildren(...[1, 2, 3, 4].map((q) =>
    el("span", {}, el("span", { class: `swatch q${q}` }), QUAD[q])), el("span", {}, el("span", { class: "line" }),
    "mean Goldstein (right axis)"));
}

// ---- actor network ------------------------------------------------------------------------------------
async function loadNetwork() {
  try {
    drawNetwork(await getJSON("/api/network", { limit: 60 }));
  } catch (err) {
    $("#network-chart").textContent = err.message;
  }
}

function drawNetwork(data) {
  const W = 760, H = 560, cx = W / 2, cy = H / 2, rad = Math.min(W, H) / 2 - 60;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "group",
                            "aria-label": "Actor network" });
  const pos = {};
  data.nodes.forEach((n, i) => {  // a circle layout: stable, readable, no physics needed for tens of actors
    const a = (2 * Math.PI * i) / data.nodes.length - Math.PI / 2;
    pos[n] = [cx + rad * Math.cos(a), cy + rad * Math.sin(a)];
  });
  const maxE = Math.max(1, ...data.edges.map((e) => e.events));
  for (const e of data.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    const g = e.mean_goldstein, colour = g < 0 ? `rgb(200,${Math.round(120 + g * 10)},40)` : `rgb(40,${Math.round(120 + g * 10)},60)`;
    const line = svg("line", { x1, y1, x2, y2, stroke: colour, "stroke-opacity": 0.7,
                               "stroke-width": 1 + (6 * e.events) / maxE });
    line.append(svg("title", {}, `${e.source} → ${e.target}: ${e.events} events, mean Goldstein ${g}`));
    root.append(line);
  }
  for (const n of data.nodes) {
    const [x, y] = pos[n];
    const g = svg("g", { class: "node", tabindex: "0", role: "button", "aria-label": `events of ${n}` });
    g.append(svg("circle", { cx: x, cy: y, r: 20 }), svg("text", { x, y: y + 4, "text-anchor": "middle" }, n));
    g.addEventListener("click", () => filterByActor(n));
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); filterByActor(n); } });
    root.append(g);
  }
  $("#network-chart").replaceChildren(root);
  if (!data.nodes.length) $("#network-chart").textContent = "No dyads yet.";
}

function filterByActor(code) {
  go(`#events?${new URLSearchParams({ actor: code })}`);
}

// ---- stories ------------------------------------------------------------------------------------------
async function loadStories() {
  try {
    const data = await getJSON("/api/stories", { limit: 100 });
    if (!data.available || !data.items.length) {
      setStatus("#stories-status", "No stories yet.");
      $("#story-list").replaceChildren();
      return;
    }
    setStatus("#stories-status", `${data.total} stories`);
    $("#story-list").replaceChildren(...data.items.map((s) => {
      const id = s.story_id ?? s.id;
      const label = s.title || s.label || s.headline || `story ${id}`;
      const when = [s.first_date, s.last_date].filter(Boolean).join(" – ");
      const size = s.num_mentions !== undefined ? `${s.num_mentions} reports` : "";
      const from = s.num_articles !== undefined ? `${s.num_articles} articles` : "";
      const btn = el("button", { type: "button", "aria-label": `Show the events of story ${label}` }, "Show events");
      btn.addEventListener("click", () => go(`#events?${new URLSearchParams({ story: id })}`));
      return el("li", {}, el("strong", {}, label), " ",
                el("span", { class: "muted" }, [when, from, size].filter(Boolean).join(" · ")), " ", btn);
    }));
  } catch (err) {
    setStatus("#stories-status", err.message, true);
  }
}

// ---- map: Leaflet with no tile layer (nothing is fetched from elsewhere); a graticule gives bearings -----
let leafletMap = null;
let placeLayer = null;

async function loadMap() {
  setStatus("#map-status", "Loading…");
  try {
    const data = await getJSON("/api/mentions", { ...state.filters, limit: 500, offset: 0 });
    const placed = data.items.filter((e) => e.place_lat !== null && e.place_lat !== undefined);
    await drawMap(placed);
    setStatus("#map-status", `${placed.length} of ${data.items.length} events placed` +
      (data.total > data.items.length ? ` (first ${data.items.length} of ${data.total})` : ""));
  } catch (err) {
    setStatus("#map-status", err.message, true);
  }
}

async function ensureMap() {
  if (leafletMap) return leafletMap;
  const host = el("div", { id: "leaflet-map", class: "leaflet-host", role: "region", "aria-label": "Map of event places" });
  $("#map-chart").replaceChildren(host);
  const map = L.map(host, { worldCopyJump: true, attributionControl: false, minZoom: 1 }).setView([25, 60], 2);
  // Natural Earth's countries (world-atlas, vendored): a basemap with no tile server
  const world = await getJSON("/static/world-countries-110m.json");
  L.geoJSON(topojson.feature(world, world.objects.countries), {
    interactive: false, style: { color: "#9fb0bd", weight: 0.7, fillColor: "#f3efe4", fillOpacity: 1 },
  }).addTo(map);
  leafletMap = map;
  return map;
}

async function drawMap(events) {
  const map = await ensureMap();
  if (placeLayer) placeLayer.remove();
  placeLayer = L.featureGroup().addTo(map);
  const byPlace = new Map();
  for (const e of events) {
    const key = e.place_feature_id;
    if (!byPlace.has(key)) byPlace.set(key, { e, n: 0 });
    byPlace.get(key).n += 1;
  }
  for (const { e, n } of byPlace.values()) {
    L.circleMarker([e.place_lat, e.place_lon], { radius: 4 + 2.5 * Math.sqrt(n), color: "#7b241c", weight: 1,
                                                 fillColor: "#c0392b", fillOpacity: 0.6 })
      .bindTooltip(`${e.place_full_name || e.place_name}: ${n} event${n > 1 ? "s" : ""}`,
                   { permanent: true, direction: "right" })
      .addTo(placeLayer);
  }
  if (byPlace.size) map.fitBounds(placeLayer.getBounds(), { maxZoom: 5, padding: [40, 40] });
  map.invalidateSize();
}

// ---- wiring: every view, filter and event has a URL (#events?actor=CHN, #event/DOC/IDX, #timeline?source=..),
// so a view can be linked and bookmarked, and the browser's back and forward buttons walk through them
const VIEWS = ["events", "timeline", "network", "stories", "map"];

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;  // the hashchange event calls route()
}

function filtersHash(offset) {
  const qs = new URLSearchParams();
  for (const [k, v] of new FormData($("#filters")).entries()) if (String(v).trim()) qs.set(k, String(v).trim());
  if (offset) qs.set("offset", String(offset));
  return `#events${qs.toString() ? "?" + qs : ""}`;
}

function route() {
  const hash = location.hash || "#events";
  const one = hash.match(/^#event\/([0-9a-f]{16})\/(\d+)$/);
  if (one) { openEvent(one[1], Number(one[2])); return; }
  const [name, query] = hash.slice(1).split("?");
  const params = new URLSearchParams(query || "");
  if (name === "timeline") {
    for (const k of ["source", "target"]) if (params.get(k)) $("#timeline-form").elements[k].value = params.get(k);
    show("timeline");
    return;
  }
  if (VIEWS.includes(name) && name !== "events") { show(name); return; }
  for (const input of $("#filters").elements) if (input.name) input.value = params.get(input.name) || "";
  state.filters = {};
  for (const [k, v] of params.entries()) if (k !== "offset" && v.trim()) state.filters[k] = v.trim();
  state.offset = Math.max(0, Number(params.get("offset")) || 0);
  state.listHash = hash;
  show("events");
  loadEvents();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll(".tab")) {
    b.addEventListener("click", () => go(b.dataset.view === "events" ? (state.listHash || "#events") : `#${b.dataset.view}`));
  }
  $("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); go(filtersHash(0)); });
  $("#filters").addEventListener("reset", (ev) => { ev.preventDefault(); go("#events"); });
  $("#timeline-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new FormData($("#timeline-form"));
    go(`#timeline?${new URLSearchParams({ source: String(f.get("source")).trim(), target: String(f.get("target")).trim() })}`);
  });
  $("#prev").addEventListener("click", () => go(filtersHash(Math.max(0, state.offset - PAGE))));
  $("#next").addEventListener("click", () => go(filtersHash(state.offset + PAGE)));
  $("#back").addEventListener("click", () => go(state.listHash || "#events"));
  const body = $("#events-table tbody");
  body.addEventListener("click", (ev) => { const tr = ev.target.closest("tr"); if (tr) openRow(tr); });
  body.addEventListener("keydown", (ev) => {
    const tr = ev.target.closest("tr");
    if (!tr) return;
    if (ev.key === "Enter") openRow(tr);
    if (ev.key === "ArrowDown" && tr.nextElementSibling) { ev.preventDefault(); tr.nextElementSibling.focus(); }
    if (ev.key === "ArrowUp" && tr.previousElementSibling) { ev.preventDefault(); tr.previousElementSibling.focus(); }
  });
  window.addEventListener("hashchange", route);
  getJSON("/api/health").then((h) => { $("#health").textContent =
    `${h.counts.articles} articles · ${h.counts.event_mentions} reports · ${h.writable ? "uploads on" : "read-only"}`; })
    .catch(() => {});
  route();
});
