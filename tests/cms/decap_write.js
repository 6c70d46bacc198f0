// What Decap CMS writes for an entry, for tests/test_cms_roundtrip.py: the editor's
// preSave step of our apmg-cms.js (loaded with a stand-in window.CMS), then Decap's own
// front-matter serializer, as decap-cms-core 3.19 src/formats/{frontmatter,yaml}.ts
// write it: yaml 1.10.2 createNode + Document.toString, joined by gray-matter 4.0.3.
// Reads [{data, sortedKeys}] as JSON on stdin; prints [file text] as JSON.
// Run with NODE_PATH=.build/node/node_modules and argv[2] = the built apmg-cms.js.
"use strict";
const fs = require("fs");
const vm = require("vm");
const yaml = require("yaml");
const matter = require("gray-matter");

const registered = {components: [], handlers: {}};
const sandbox = {window: {CMS: {
  registerEditorComponent: c => registered.components.push(c),
  registerEventListener: e => { registered.handlers[e.name] = e.handler; },
}}};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), sandbox);

function sortKeys(sortedKeys, selector) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(selector(a));
    const idxB = sortedKeys.indexOf(selector(b));
    if (idxA === -1 || idxB === -1) return 0;
    return idxA > idxB ? 1 : idxA < idxB ? -1 : 0;
  };
}

function toYaml(data, sortedKeys = []) {
  const contents = yaml.createNode(data);
  contents.items.sort(sortKeys(sortedKeys, item => item.key && item.key.toString()));
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

const engines = {yaml: {parse: input => yaml.parse(input),
                        stringify: (meta, opts) => toYaml(meta, (opts || {}).sortedKeys)}};

function toFile(data, sortedKeys) {
  const {body = "", ...meta} = data;
  const trimLastLineBreak = body.slice(-1) !== "\n";
  const file = matter.stringify(body, meta, {engines, sortedKeys, language: "yaml",
                                             delimiters: "---"});
  return trimLastLineBreak && file.slice(-1) === "\n" ? file.slice(0, -1) : file;
}

const entries = JSON.parse(fs.readFileSync(0, "utf8"));
const preSave = registered.handlers.preSave;
const out = entries.map(({data, sortedKeys}) => {
  const saved = preSave({entry: {get: key => (key === "data" ? data : undefined)}});
  return toFile(saved === undefined ? data : saved, sortedKeys || []);
});
process.stdout.write(JSON.stringify(out));
