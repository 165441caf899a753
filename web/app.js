// The web page of `prompt-retrieval serve`: a search box and filters over /api/search, cards with copy and
// "more like this", and the search in the URL so it can be shared, bookmarked and navigated with Back.
"use strict";
const $ = (id) => document.getElementById(id);
const form = $("search-form"), q = $("q"), genre = $("genre"), theme = $("theme"), kind = $("kind"), k = $("k");
const statusLine = $("status"), list = $("results");

function say(text, isError = false) { statusLine.textContent = text; statusLine.classList.toggle("error", isError); }

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (!response.ok) throw new Error(body.error || `the server answered ${response.status}`);
  return body;
}

function option(value, label) { const o = document.createElement("option"); o.value = value; o.textContent = label; return o; }

async function loadFacets() {
  const facets = await api("/api/facets");
  for (const [name, n] of Object.entries(facets.genres)) genre.append(option(name, `${name} (${n})`));
  for (const [name, n] of Object.entries(facets.themes)) theme.append(option(name, `${name} (${n})`));
  const health = await api("/api/health").catch(() => null);
  if (health) $("served").textContent = `${health.prompts.toLocaleString()} prompts, searched with ${health.retriever}`;
}

// the state of the page <-> the URL
function chosenThemes() { return [...theme.selectedOptions].map((o) => o.value); }
function filterParams() {
  const p = new URLSearchParams();
  if (genre.value) p.append("genre", genre.value);
  for (const t of chosenThemes()) p.append("theme", t);
  if (kind.value) p.append("kind", kind.value);
  p.set("k", k.value);
  return p;
}
function applyUrl(params) {
  q.value = params.get("q") || "";
  genre.value = params.get("genre") || "";
  const themes = new Set(params.getAll("theme"));
  for (const o of theme.options) o.selected = themes.has(o.value);
  kind.value = params.get("kind") || "";
  if (params.get("k")) k.value = params.get("k");
}

function tag(text) { const s = document.createElement("span"); s.className = "tag"; s.textContent = text; return s; }

function card(r) {
  const li = document.createElement("li"); li.className = "card"; li.dataset.promptId = r.prompt_id;
  const article = document.createElement("article");
  const h = document.createElement("h3"); h.textContent = r.title;
  const meta = document.createElement("p"); meta.className = "meta";
  meta.append(tag(r.genre), tag(r.kind), ...r.themes.map(tag));
  const text = document.createElement("p"); text.className = "text"; text.textContent = r.text;
  const actions = document.createElement("div"); actions.className = "actions";
  const copy = document.createElement("button"); copy.type = "button"; copy.className = "secondary copy";
  copy.textContent = "Copy"; copy.setAttribute("aria-label", `Copy the prompt “${r.title}”`);
  copy.addEventListener("click", () => copyText(`${r.title}\n\n${r.text}`, copy));
  const more = document.createElement("button"); more.type = "button"; more.className = "secondary more";
  more.textContent = "More like this"; more.setAttribute("aria-label", `More prompts like “${r.title}”`);
  more.addEventListener("click", () => go({ similar: r.prompt_id }));
  actions.append(copy, more);
  article.append(h, meta, text, actions); li.append(article);
  return li;
}

async function copyText(text, button) {
  try { await navigator.clipboard.writeText(text); }
  catch {  // no clipboard API (an insecure origin): the old way
    const area = document.createElement("textarea"); area.value = text; document.body.append(area);
    area.select(); document.execCommand("copy"); area.remove();
  }
  const label = button.textContent; button.textContent = "Copied"; setTimeout(() => (button.textContent = label), 1500);
}

function show(data, heading) {
  list.replaceChildren(...data.results.map(card));
  say(data.results.length ? heading : "No prompt passes these filters: try fewer of them.");
}

async function run(params) {
  const similar = params.get("similar");
  const query = (params.get("q") || "").trim();
  if (!similar && !query) { list.replaceChildren(); say(""); return; }
  say("Searching…");
  try {
    const filters = new URLSearchParams([...params].filter(([key]) => ["genre", "theme", "kind", "k"].includes(key)));
    if (similar) {
      const data = await api(`/api/similar/${encodeURIComponent(similar)}?${filters}`);
      show(data, `${data.results.length} prompts like “${data.query}”`);
    } else {
      filters.set("q", query);
      const data = await api(`/api/search?${filters}`);
      show(data, `${data.results.length} prompts for “${query}”`);
    }
  } catch (e) { list.replaceChildren(); say(e.message, true); }
}

// every search goes through the URL: shareable, bookmarkable, and Back works
function go(extra) {
  const params = filterParams();
  if (extra.similar) params.set("similar", extra.similar); else params.set("q", q.value.trim());
  history.pushState(null, "", `?${params}`);
  run(params).then(() => { if (extra.similar) list.focus(); });
}

form.addEventListener("submit", (event) => { event.preventDefault(); if (q.value.trim()) go({}); else { say("Type a few words first.", true); q.focus(); } });
for (const control of [genre, kind, k, theme]) control.addEventListener("change", () => { if (q.value.trim()) go({}); });
window.addEventListener("popstate", () => { const p = new URLSearchParams(location.search); applyUrl(p); run(p); });
document.addEventListener("keydown", (event) => {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName);
  if (event.key === "/" && !typing) { event.preventDefault(); q.focus(); q.select(); }
});

loadFacets()
  .then(() => { const p = new URLSearchParams(location.search); applyUrl(p); return run(p); })
  .catch((e) => say(`The service did not answer: ${e.message}`, true));
