// Site search on /search/: runs the ?q= query with Pagefind's JS API and lists the
// results as plain DOM nodes (no innerHTML, no inline styles, so the page's strict CSP
// holds). A query word the site never uses is taken as a typo and replaced by a site
// word one edit away (search/words.json, written at build time) before searching.

const root = new URL("../../", import.meta.url);
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const params = new URLSearchParams(location.search);
const query = (params.get("q") || "").trim();
const type = params.get("type") || "";
const MAX_RESULTS = 20;

function say(key, values = {}) {
  let text = status.getAttribute("data-" + key) || "";
  for (const [name, value] of Object.entries(values)) {
    text = text.replace(`{${name}}`, value);
  }
  status.textContent = text;
}

function editsOne(word, candidate) {
  // True when candidate is one insertion, deletion, substitution or swap from word.
  const a = word, b = candidate;
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

async function corrected(text) {
  const response = await fetch(new URL("search/words.json", root));
  if (!response.ok) return null;
  const words = await response.json();
  let changed = false;
  const fixed = text.toLowerCase().split(/\s+/).map((word) => {
    if (word.length < 4 || word in words) return word;
    let best = null;
    for (const [candidate, count] of Object.entries(words)) {
      if (editsOne(word, candidate) && (!best || count > words[best])) best = candidate;
    }
    if (best) changed = true;
    return best || word;
  });
  return changed ? fixed.join(" ") : null;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  item.append(heading);
  const kind = (data.filters.type || [])[0];
  if (kind) {
    const section = document.createElement("p");
    section.className = "search-result__type";
    section.textContent = list.getAttribute("data-type-" + kind.toLowerCase()) || kind;
    item.append(section);
  }
  if (data.meta.summary) {
    const summary = document.createElement("p");
    summary.textContent = data.meta.summary;
    item.append(summary);
  }
  return item;
}

async function run() {
  input.value = query;
  for (const radio of form.querySelectorAll('input[name="type"]')) {
    radio.checked = radio.value === type;
  }
  if (!query) return;
  say("searching");
  const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  // noWorker: a worker would need its own CSP with 'wasm-unsafe-eval'; only /search/ has it.
  await pagefind.options({ baseUrl: root.pathname, noWorker: true });
  const options = type ? { filters: { type } } : {};
  // A word the site never uses, one edit from one it does, is a typo: search for the
  // site's word (Pagefind's own fuzzy matching turns typos into unrelated pages).
  const used = (await corrected(query)) || query;
  const search = await pagefind.search(used, options);
  const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  list.replaceChildren(...results.map(resultItem));
  if (results.length === 0) say("none");
  else if (used !== query) say("corrected", { q: query, c: used });
  else if (results.length === 1) say("count-one");
  else say("count-many", { n: String(search.results.length) });
}

run().catch(() => say("failed"));
