// The nanokg page: browse the saved queries, edit and run SPARQL, see the answer as a table.
// Saved queries run through the web API (/queries/NAME?param=value), so parameters are bound and
// checked by the server exactly as on the command line; edited text runs on /sparql.
"use strict";

const state = { queries: [], prefixes: {}, endpoint: "/sparql", selected: null };
const $ = (id) => document.getElementById(id);
const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";

function curie(iri) {
  let best = null;
  for (const [prefix, namespace] of Object.entries(state.prefixes)) {
    if (iri.startsWith(namespace) && (!best || namespace.length > best[1].length)) best = [prefix, namespace];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function showCatalogue() {
  const words = $("filter").value.toLowerCase().split(/\s+/).filter(Boolean);
  const list = $("catalogue");
  list.replaceChildren();
  for (const query of state.queries) {
    const text = [query.name, query.title, query.question, ...query.tags].join(" ").toLowerCase();
    if (!words.every((word) => text.includes(word))) continue;
    const button = element("button", { type: "button", className: "query", id: `query-${query.name}` },
      query.title, element("small", {}, query.question));
    button.addEventListener("click", () => select(query));
    list.append(element("li", {}, button));
  }
}

function select(query) {
  state.selected = query;
  for (const button of document.querySelectorAll("#catalogue button")) {
    button.setAttribute("aria-current", String(button.id === `query-${query.name}`));
  }
  $("query-title").textContent = query.title;
  $("query-question").textContent = query.question;
  $("query-description").textContent = query.description;
  $("sparql").value = query.sparql;
  const fields = query.parameters.map((parameter) => {
    // An emptied field runs with the default, so that is what it shows.
    const input = element("input", {
      id: `param-${parameter.name}`, name: parameter.name, value: parameter.default ?? "",
      placeholder: parameter.default ? `default: ${parameter.default}` : (parameter.example ? `e.g. ${parameter.example}` : ""),
      required: parameter.required,
    });
    const hint = `${parameter.description} (${parameter.type}${parameter.class ? ", " + parameter.class : ""})`;
    return element("div", { className: "parameter" },
      element("label", { htmlFor: input.id }, parameter.name), input, element("small", {}, hint));
  });
  $("parameters").replaceChildren(...fields);
  showEdited();
}

// Edited text runs on /sparql, where parameters cannot reach it: say so, and grey them out.
function showEdited() {
  const edited = Boolean(state.selected) && $("sparql").value !== state.selected.sparql;
  $("edited").hidden = !edited;
  for (const input of document.querySelectorAll("#parameters input")) input.disabled = edited;
  showCurl();
}

// What the Run button sends: the saved query through the API while its text is unchanged.
function request() {
  const text = $("sparql").value;
  const saved = state.selected;
  const graph = /^\s*(CONSTRUCT|DESCRIBE)\b/im.test(text.replace(/#[^\n]*/g, ""));
  const accept = graph ? "text/turtle" : "application/sparql-results+json";
  if (saved && text === saved.sparql) {
    const params = new URLSearchParams();
    for (const input of document.querySelectorAll("#parameters input")) {
      if (input.value.trim()) params.append(input.name, input.value.trim());
    }
    const query = params.toString();
    return { url: `/queries/${saved.name}${query ? "?" + query : ""}`, options: { headers: { Accept: accept } } };
  }
  return {
    url: "/sparql",
    options: { method: "POST", headers: { Accept: accept, "Content-Type": "application/x-www-form-urlencoded" },
               body: new URLSearchParams({ query: text }) },
  };
}

function showCurl() {
  const { url, options } = request();
  const absolute = new URL(url, window.location.href).href;
  const quote = (text) => `'${text.replace(/'/g, "'\\''")}'`;
  const accept = options.headers.Accept === "text/turtle" ? "text/turtle" : "text/csv";
  $("curl").textContent = options.method === "POST"
    ? `curl -H 'Accept: ${accept}' --data-urlencode ${quote("query=" + $("sparql").value)} ${quote(absolute)}`
    : `curl -H 'Accept: ${accept}' ${quote(absolute)}`;
}

function cell(term) {
  if (!term) return element("td");
  if (term.type === "uri") {
    const link = element("a", { href: term.value, title: term.value }, curie(term.value));
    link.dataset.iri = term.value;
    link.addEventListener("click", (event) => showTerm(event, term.value));
    return element("td", {}, link, " ", element("span", { className: "label" }));
  }
  return element("td", {}, term.value);
}

// A term of the graph opens here, as the answer of term-profile; a modified click follows the IRI.
function showTerm(event, iri) {
  const profile = state.queries.find((query) => query.name === "term-profile");
  if (!profile || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  select(profile);
  $("param-term").value = `<${iri}>`;
  $("run").click();
}

async function addLabels(table) {
  const links = [...table.querySelectorAll("a[data-iri]")];
  const iris = [...new Set(links.map((link) => link.dataset.iri))].slice(0, 500);
  if (!iris.length) return;
  const query = `SELECT ?iri ?label WHERE { VALUES ?iri { ${iris.map((iri) => `<${iri}>`).join(" ")} } ` +
                `?iri <${RDFS_LABEL}> ?label FILTER(LANG(?label) = "en" || LANG(?label) = "") }`;
  const response = await fetch(state.endpoint, {
    method: "POST", body: new URLSearchParams({ query }),
    headers: { Accept: "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
  });
  if (!response.ok) return;
  const labels = new Map((await response.json()).results.bindings.map((row) => [row.iri.value, row.label.value]));
  for (const link of links) {
    const label = labels.get(link.dataset.iri);
    if (label) link.nextElementSibling.textContent = `(${label})`;
  }
}

function showAnswer(answer) {
  if ("boolean" in answer) {
    $("result").replaceChildren(element("p", { id: "boolean" }, String(answer.boolean)));
    return 1;
  }
  const variables = answer.head.vars;
  const rows = answer.results.bindings;
  const table = element("table", { id: "answer" },
    element("thead", {}, element("tr", {}, ...variables.map((name) => element("th", {}, name)))),
    element("tbody", {}, ...rows.map((row) => element("tr", {}, ...variables.map((name) => cell(row[name]))))));
  $("result").replaceChildren(table);
  addLabels(table);
  return rows.length;
}

async function run(event) {
  event.preventDefault();
  showCurl();
  $("error").hidden = true;
  $("result").replaceChildren();
  $("status").textContent = "running…";
  const started = performance.now();
  const { url, options } = request();
  try {
    const response = await fetch(url, options);
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      const problem = type.includes("json") ? await response.json() : { error: await response.text() };
      throw new Error(problem.fix ? `${problem.error}\nfix: ${problem.fix}` : problem.error);
    }
    let count;
    if (type.includes("json")) {
      count = showAnswer(await response.json());
    } else {
      const text = await response.text();
      $("result").replaceChildren(element("pre", { id: "graph" }, text));
      count = text.split("\n").filter((line) => line.trim() && !line.startsWith("@prefix")).length;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    $("status").textContent = `${count} row${count === 1 ? "" : "s"} in ${seconds} s`;
  } catch (error) {
    $("status").textContent = "";
    $("error").textContent = error.message;
    $("error").hidden = false;
  }
}

async function start() {
  $("query-form").addEventListener("submit", run);
  $("filter").addEventListener("input", showCatalogue);
  $("sparql").addEventListener("input", showEdited);
  $("restore").addEventListener("click", () => select(state.selected));
  $("parameters").addEventListener("input", showCurl);
  const catalogue = await (await fetch("/queries")).json();
  state.queries = catalogue.queries;
  state.prefixes = catalogue.prefixes;
  state.endpoint = catalogue.sparql_endpoint;
  $("endpoint-url").textContent = state.endpoint;
  showCatalogue();
  showCurl();
}

start();
