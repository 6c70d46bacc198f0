// The editor's own script (after the generated APMG_CALLOUTS line, apmg/cms/callouts.py):
// one editor component per callout type, reading and writing the admonition syntax
//   !!! call-911 "Call 911 right away if"
//       - you have trouble breathing
// (a four-space indented body, blank lines between paragraphs).
(function () {
  "use strict";
  var INDENT = "    ";

  function escapeRe(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function indent(text) {
    return text.replace(/\s+$/, "").split("\n").map(function (line) {
      return line.trim() === "" ? "" : INDENT + line;
    }).join("\n");
  }

  function outdent(text) {
    return text.replace(/\s+$/, "").split("\n").map(function (line) {
      return line.indexOf(INDENT) === 0 ? line.slice(INDENT.length) : line.trim();
    }).join("\n");
  }

  // A field the editor left empty or cleared is left out of the file, as if never set:
  // the build reads "" as text that is blank (an error), not as "no value".
  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string") return value.trim() === "";
    if (typeof value.toJS === "function") return value.size === 0;  // Immutable List, Map
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object" && !(value instanceof Date)) {
      return Object.keys(value).length === 0;
    }
    return false;
  }

  function prune(value) {
    if (value && typeof value.toJS === "function") {
      return value.map(prune).filter(function (v) { return !isEmpty(v); });
    }
    if (Array.isArray(value)) {
      return value.map(prune).filter(function (v) { return !isEmpty(v); });
    }
    if (value && typeof value === "object" && !(value instanceof Date)) {
      var out = {};
      Object.keys(value).forEach(function (key) {
        var v = prune(value[key]);
        if (!isEmpty(v)) out[key] = v;
      });
      return out;
    }
    return value;
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) { return prune(event.entry.get("data")); }
  });

  APMG_CALLOUTS.forEach(function (callout) {
    window.CMS.registerEditorComponent({
      id: callout.id,
      label: callout.label,
      fields: [
        {name: "title", label: "Heading", widget: "string", default: callout.title},
        {name: "text", label: "Text", widget: "markdown",
         hint: "A list of warning signs: one per line, each starting with '- '"}
      ],
      // The box's first line, then every line indented four spaces, and blank lines
      // followed by one.
      pattern: new RegExp("^!!! " + escapeRe(callout.type) + "(?: \"([^\"\\n]*)\")?[ \\t]*\\n" +
                          "((?: {4}[^\\n]*(?:\\n|$)|[ \\t]*\\n(?= {4}))*)"),
      fromBlock: function (match) {
        return {title: match[1] || "", text: outdent(match[2] || "")};
      },
      toBlock: function (data) {
        var title = (data.title || "").replace(/"/g, "'");
        return "!!! " + callout.type + (title ? " \"" + title + "\"" : "") + "\n" +
          indent(data.text || "");
      },
      toPreview: function (data) {
        return "<div class=\"admonition " + callout.type + "\"><p class=\"admonition-title\">" +
          (data.title || "") + "</p><p>" + (data.text || "") + "</p></div>";
      }
    });
  });
})();
