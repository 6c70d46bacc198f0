// The callout boxes of our apmg-cms.js as Decap runs them, for tests/test_cms_roundtrip.py:
// loaded with a stand-in window.CMS; for each Markdown text on stdin (JSON list), the
// component whose pattern matches at its start, what it reads (fromBlock) and what it
// writes back (toBlock); then, for each component, what it writes for a new box.
// Run with argv[2] = apmg-cms.js with its APMG_CALLOUTS line (apmg/cms/callouts.py).
"use strict";
const fs = require("fs");
const vm = require("vm");

const components = [];
const sandbox = {window: {CMS: {registerEditorComponent: c => components.push(c),
                                registerEventListener: () => {}}}};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), sandbox);

const texts = JSON.parse(fs.readFileSync(0, "utf8"));
const read = texts.map(text => {
  for (const c of components) {
    const match = text.match(c.pattern);
    if (match) {
      const data = c.fromBlock(match);
      return {id: c.id, matched: match[0], data, block: c.toBlock(data)};
    }
  }
  return null;
});
const fresh = components.map(c => ({id: c.id, label: c.label, block: c.toBlock(
  {title: c.fields[0].default, text: "- You have a fever.\n- You cannot stop the bleeding."})}));
process.stdout.write(JSON.stringify({read, fresh}));
