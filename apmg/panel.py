"""The preview's problem panel: the script and stylesheet ``make serve`` adds to the pages it
serves (never to built files), and the tags that add them.

The panel lists what ``/__problems.json`` holds (apmg/problems.py): the build's errors
over the last good page, and the lint's findings for the files just edited, each as
``file:line — field: message (fix)``. Both files are same-origin, so production's
Content-Security-Policy, which the preview sends unchanged, lets them run; the script
builds every node with ``textContent`` (an editor's text is never parsed as HTML) and
sets no inline style. It re-reads the list when /__reload.js relays a ``problems``
server-sent event, or a (re)connection that may have missed one, as the DOM event
``apmg:problems``: one event stream per tab serves both scripts.
"""

from __future__ import annotations

SCRIPT_PATH = "/__panel.js"
STYLESHEET_PATH = "/__panel.css"
PROBLEMS_PATH = "/__problems.json"
DOM_EVENT = "apmg:problems"

TAGS = (f'<link rel="stylesheet" href="{STYLESHEET_PATH}">'
        f'<script src="{SCRIPT_PATH}" defer></script>').encode()

SCRIPT = ("""(() => {
  "use strict";
  const PROBLEMS = "__PROBLEMS__";
  let panel = null;
  let minimised = false;

  function element(name, className, text) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function item(problem) {
    const li = element("li", "apmg-problems__item apmg-problems__item--" + problem.severity);
    const where = problem.file ? problem.file + (problem.line ? ":" + problem.line : "") : "";
    if (where) li.append(element("code", "apmg-problems__where", where), " \\u2014 ");
    let text = problem.field ? problem.field + ": " + problem.message : problem.message;
    if (problem.fix) text += " (" + problem.fix + ")";
    if (problem.severity === "error" && problem.lint) text = "Error: " + text;
    li.append(text);
    return li;
  }

  function section(title, note, problems, lint) {
    const part = element("section", "apmg-problems__section");
    part.append(element("h3", "apmg-problems__subheading", title));
    if (note) part.append(element("p", "apmg-problems__note", note));
    const list = element("ul", "apmg-problems__list");
    for (const problem of problems) list.append(item({...problem, lint}));
    part.append(list);
    return part;
  }

  function create() {
    panel = element("aside", "apmg-problems");
    panel.setAttribute("aria-labelledby", "apmg-problems-heading");
    panel.setAttribute("aria-live", "polite");
    panel.hidden = true;
    const bar = element("div", "apmg-problems__bar");
    const heading = element("h2", "apmg-problems__heading");
    heading.id = "apmg-problems-heading";
    const toggle = element("button", "apmg-problems__toggle", "Minimise");
    toggle.type = "button";
    toggle.setAttribute("aria-expanded", "true");
    toggle.setAttribute("aria-controls", "apmg-problems-body");
    toggle.addEventListener("click", () => {
      minimised = !minimised;
      render();
    });
    bar.append(heading, toggle);
    const body = element("div", "apmg-problems__body");
    body.id = "apmg-problems-body";
    body.tabIndex = 0;  // it scrolls: keyboard users must be able to reach it
    body.setAttribute("aria-label", "Problem list");
    panel.append(bar, body);
    document.body.append(panel);
  }

  let current = {build: [], lint: []};
  let searchNote = null;

  // On the search page: whether the index has caught up with the last edit yet (the
  // preview reloads before Pagefind has read the changed site).
  function renderSearchNote(catchingUp) {
    const results = document.getElementById("search-results");
    if (!results) return;
    if (!searchNote) {
      searchNote = element("p", "apmg-search-note");
      searchNote.setAttribute("role", "status");
      results.before(searchNote);
    }
    searchNote.hidden = !catchingUp;
    searchNote.textContent = catchingUp ? "Search is catching up with your last edit: " +
      "for a few seconds, results show the site as it was before it." : "";
  }

  function render() {
    const {build, lint} = current;
    const heading = panel.querySelector(".apmg-problems__heading");
    const toggle = panel.querySelector(".apmg-problems__toggle");
    const body = panel.querySelector(".apmg-problems__body");
    panel.hidden = build.length + lint.length === 0;
    panel.classList.toggle("apmg-problems--failed", build.length > 0);
    panel.classList.toggle("apmg-problems--minimised", minimised);
    let title = "Warnings (" + lint.length + ")";
    if (build.length) {
      title = "Build problems (" + build.length + ")";
      if (lint.length) title += ", warnings (" + lint.length + ")";
    }
    heading.textContent = title;
    toggle.textContent = minimised ? "Show" : "Minimise";
    toggle.setAttribute("aria-expanded", String(!minimised));
    body.hidden = minimised;
    const parts = [];
    if (build.length) {
      parts.push(section("Build problems", "The build failed, so this is the last good " +
        "version of the page. Fix these and save: this panel updates by itself.", build, false));
    }
    if (lint.length) {
      parts.push(section("Warnings", "From the lint, for the files you just edited.",
        lint, true));
    }
    body.replaceChildren(...parts);
  }

  async function refresh() {
    let problems;
    try {
      const response = await fetch(PROBLEMS, {cache: "no-store"});
      if (!response.ok) return;
      problems = await response.json();
    } catch (error) {
      return;  // the server is restarting: the next event brings the list
    }
    if (!panel) create();
    current = {build: problems.build || [], lint: problems.lint || []};
    render();
    renderSearchNote(Boolean(problems.search_catching_up));
  }

  document.addEventListener("__EVENT__", refresh);
  refresh();
})();
""".replace("__PROBLEMS__", PROBLEMS_PATH).replace("__EVENT__", DOM_EVENT)).encode()

STYLESHEET = b"""/* make serve only: the problem panel (apmg/panel.py) */
.apmg-problems {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647;
  box-sizing: border-box; max-height: 45vh; display: flex; flex-direction: column;
  margin: 0; padding: 0; background: #fff; color: #212b32;
  border-top: .375rem solid #ffb81c; box-shadow: 0 -.125rem .5rem rgba(0, 0, 0, .3);
  font: 1rem/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
}
.apmg-problems[hidden], .apmg-problems__body[hidden] { display: none; }
.apmg-problems--failed { border-top-color: #d5281b; }
.apmg-problems__bar {
  display: flex; align-items: center; justify-content: space-between; gap: .5rem;
  padding: .5rem 1rem; background: #f0f4f5;
}
.apmg-problems__heading { margin: 0; font-size: 1.125rem; line-height: 1.3; }
.apmg-problems__toggle {
  min-height: 2.75rem; min-width: 2.75rem; margin: 0; padding: .375rem .75rem;
  font: inherit; font-weight: 600; color: #fff; background: #005eb8;
  border: .125rem solid #003087; border-radius: .25rem; cursor: pointer;
}
.apmg-problems__toggle:focus-visible, .apmg-problems__body:focus-visible {
  outline: .25rem solid #ffeb3b; outline-offset: 0; box-shadow: 0 0 0 .375rem #212b32;
}
.apmg-problems__body { overflow: auto; padding: .25rem 1rem 1rem; }
.apmg-problems__subheading { margin: .75rem 0 .25rem; font-size: 1rem; }
.apmg-problems__note { margin: 0 0 .5rem; color: #4c6272; }
.apmg-problems__list { margin: 0; padding-left: 1.25rem; }
.apmg-problems__item { margin: 0 0 .5rem; overflow-wrap: anywhere; }
.apmg-problems__where { font-weight: 600; overflow-wrap: anywhere; }
.apmg-search-note {
  margin: .5rem 0; padding: .5rem .75rem; border-left: .375rem solid #ffb81c;
  background: #fff9e6; color: #212b32;
}
.apmg-search-note[hidden] { display: none; }
@media print { .apmg-problems, .apmg-search-note { display: none; } }
"""
