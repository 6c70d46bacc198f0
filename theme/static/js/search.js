// Site search on /search/: searches as the visitor types (after a short pause), on
// Enter, and when the type filter changes, with Pagefind's JS API; lists the results as
// plain DOM nodes (no innerHTML, no inline styles, so the page's strict CSP holds) and
// says what it found in the #search-status live region. The URL's ?q= and &type= follow
// the form (history.replaceState), so a search can be reloaded, shared or bookmarked.
// A query word the site never uses is taken as a typo and replaced by a site word one
// edit away (search/words.json, written at build time) before searching. Without
// JavaScript the form is a plain GET to this page, which then says search needs it.

const root = new URL("../../", import.meta.url);
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const hint = document.getElementById("search-hint");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const MAX_RESULTS = 20;
const TYPING_PAUSE_MS = 250; // search this long after the last keystroke

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

let wordList = null;
function siteWords() {
  // Fetched once; a failure means no typo correction, not a failed search.
  wordList ??= fetch(new URL("search/words.json", root))
    .then((response) => (response.ok ? response.json() : {}))
    .catch(() => ({}));
  return wordList;
}

let loading = null;
function pagefind() {
  // Loaded once, on the first focus or search; a failed load is tried again next time.
  if (!loading) {
    loading = import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
      // noWorker: a worker would need its own CSP with 'wasm-unsafe-eval'; only /search/ has it.
      await module.options({ baseUrl: root.pathname, noWorker: true });
      return module;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

async function corrected(text) {
  const words = await siteWords();
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

function chosenType() {
  const checked = form.querySelector('input[name="type"]:checked');
  return checked ? checked.value : "";
}

function keepInUrl(query, type) {
  const url = new URL(location.href);
  for (const [name, value] of [["q", query], ["type", type]]) {
    if (value) url.searchParams.set(name, value);
    else url.searchParams.delete(name);
  }
  if (url.href !== location.href) history.replaceState(history.state, "", url);
}

let latest = 0; // the newest search; an older one that finishes later is dropped

async function run() {
  const mine = ++latest;
  const query = input.value.trim();
  const type = chosenType();
  keepInUrl(query, type);
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  say("searching");
  try {
    const found = await pagefind();
    const options = type ? { filters: { type } } : {};
    // A word the site never uses, one edit from one it does, is a typo: search for the
    // site's word (Pagefind's own fuzzy matching turns typos into unrelated pages).
    const used = (await corrected(query)) || query;
    const search = await found.search(used, options);
    const results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine !== latest) return;
    list.replaceChildren(...results.map(resultItem));
    if (results.length === 0) say("none");
    else if (used !== query) say("corrected", { q: query, c: used });
    else if (results.length === 1) say("count-one");
    else say("count-many", { n: String(search.results.length) });
  } catch {
    if (mine === latest) say("failed");
  }
}

let pause = 0;
function runSoon(delay) {
  clearTimeout(pause);
  pause = setTimeout(run, delay);
}

const params = new URLSearchParams(location.search);
const type = params.get("type") || "";
input.value = (params.get("q") || "").trim();
for (const radio of form.querySelectorAll('input[name="type"]')) {
  radio.checked = radio.value === type;
}
hint.hidden = false; // results do appear as you type: say so, next to the box
input.setAttribute("aria-describedby", hint.id);
input.addEventListener("input", () => runSoon(TYPING_PAUSE_MS));
input.addEventListener("focus", () => { pagefind().catch(() => {}); }, { once: true });
form.addEventListener("change", (event) => {
  if (event.target.name === "type") runSoon(0);
});
form.addEventListener("submit", (event) => {
  event.preventDefault(); // already on the search page: search here, do not reload it
  runSoon(0);
});
run();
