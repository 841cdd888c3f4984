/* The analyst's workbench: one page over the hub's GraphQL API and exports.
 *
 * It holds no token: the browser's session cookie (HttpOnly) stands for it, and every
 * request carries the session's CSRF token, the purpose and the justification, so each
 * look is audited exactly as an API call would be. DOM is built with createElement and
 * textContent only, so nothing from the data is ever parsed as HTML.
 */
"use strict";

const state = { session: null, purpose: null, justification: null, cy: null, picked: [] };
const KINDS = ["association", "sibling", "family", "co_offending", "missing_together",
  "same_school", "same_place"];
const DEFAULT_KINDS = ["association", "sibling", "co_offending", "missing_together"];
const PALETTE = ["#7aa7e6", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
  "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const PROTECTIVE = ["trusted_adult", "positive_activity"];

// ---------------------------------------------------------------- small helpers

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const view = () => document.getElementById("view");
function show(...children) { view().replaceChildren(...children.filter(Boolean)); }
function day(value) { return value ? String(value).slice(0, 10) : "—"; }
function gidOf(type, raw) {
  return btoa(`${type}:${raw}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function typeOf(gid) {
  try { return atob(gid.replace(/-/g, "+").replace(/_/g, "/")).split(":")[0]; }
  catch (e) { return null; }
}
function link(hash, text) { return h("a", { href: hash }, text); }

function prov(p) {
  if (!p) return null;
  const bits = [p.owner, p.category, p.source, day(p.recordedAt)].filter(Boolean);
  return h("span", { class: "prov", title: "who recorded this, what kind of record, from which "
    + "system, when" }, bits.join(" · "));
}

class HubError extends Error {}

async function gql(query, variables) {
  if (!state.purpose || !state.justification) {
    await askPurpose();
  }
  const response = await fetch("/graphql", {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": state.session.csrf,
      "X-Purpose": state.purpose, "X-Justification": state.justification },
    body: JSON.stringify({ query, variables: variables || {} }),
  });
  if (response.status === 401) { window.location = "/workbench/signin"; throw new HubError("signed out"); }
  const body = await response.json();
  if (body.errors && body.errors.length) throw new HubError(body.errors.map(e => e.message).join("; "));
  return body.data;
}

function failed(error) {
  show(h("p", { class: "error", role: "alert" }, String(error.message || error)));
}

// ---------------------------------------------------------------- session and purpose

async function loadSession() {
  const response = await fetch("/workbench/session", { credentials: "same-origin" });
  if (!response.ok) { window.location = "/workbench/signin"; return false; }
  state.session = await response.json();
  document.getElementById("who").textContent =
    `${state.session.name || state.session.subject} · ${state.session.agency} · ${state.session.roles.join(", ")}`;
  state.purpose = sessionStorage.getItem("hub.purpose");
  state.justification = sessionStorage.getItem("hub.justification");
  paintPurpose();
  return true;
}

function paintPurpose() {
  const bar = document.getElementById("purpose-bar");
  bar.replaceChildren(state.purpose
    ? h("span", {}, "Purpose: ", h("strong", { id: "purpose-shown" }, state.purpose),
      " · Justification: ", h("em", {}, state.justification),
      " · every record you open is audited with these.")
    : h("span", {}, "Give a purpose and justification before looking at anyone."));
}

let purposeWaiters = [];
function askPurpose() {
  const dialog = document.getElementById("purpose-dialog");
  if (state.purpose) document.getElementById("purpose").value = state.purpose;
  if (state.justification) document.getElementById("justification").value = state.justification;
  if (!dialog.open) dialog.showModal();
  return new Promise(resolve => purposeWaiters.push(resolve));
}

function setupPurpose() {
  const dialog = document.getElementById("purpose-dialog");
  document.getElementById("purpose-form").addEventListener("submit", event => {
    const purpose = document.getElementById("purpose").value;
    const justification = document.getElementById("justification").value.trim();
    if (!justification) { event.preventDefault(); return; }
    state.purpose = purpose; state.justification = justification;
    sessionStorage.setItem("hub.purpose", purpose);
    sessionStorage.setItem("hub.justification", justification);
    paintPurpose();
    const waiting = purposeWaiters; purposeWaiters = [];
    waiting.forEach(resolve => resolve());
  });
  dialog.addEventListener("cancel", event => event.preventDefault());
  document.getElementById("change-purpose").addEventListener("click", () => askPurpose());
  document.getElementById("signout").addEventListener("click", async () => {
    await fetch("/workbench/signout", { method: "POST", credentials: "same-origin",
      headers: { "X-CSRF-Token": state.session.csrf,
        "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
    sessionStorage.clear();
    window.location = "/workbench/signin";
  });
}

// ---------------------------------------------------------------- find a child

const PERSON_BRIEF = "id name dob age town provenance { owner category source recordedAt } "
  + "... on Adult { ofConcern }";

async function searchView(params) {
  const form = h("form", { class: "row", id: "search-form" },
    h("label", {}, "Name", h("input", { name: "name", id: "search-name", value: params.get("name") || "" })),
    h("label", {}, "Date of birth", h("input", { name: "dob", id: "search-dob", type: "date", value: params.get("dob") || "" })),
    h("label", {}, "Identifier", h("input", { name: "ident", id: "search-ident", placeholder: "per_000123 or a hub id", value: params.get("ident") || "" })),
    h("button", { type: "submit", id: "search-go" }, "Find"));
  form.addEventListener("submit", event => {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const key of ["name", "dob", "ident"]) if (form.elements[key].value) q.set(key, form.elements[key].value);
    window.location.hash = `#/search?${q}`;
  });
  const results = h("div", { id: "results" });
  show(h("h1", {}, "Find a child"), form, results);
  if (![...params.keys()].length) return;
  results.append(h("p", { class: "muted" }, "Searching…"));
  let people = [];
  const ident = params.get("ident");
  if (ident) {
    const ids = typeOf(ident) && ident.length > 12 && !ident.includes("_") ? [ident]
      : [gidOf("Child", ident), gidOf("Adult", ident)];
    const data = await gql(`query FindById($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { ${PERSON_BRIEF} } } }`, { ids });
    people = data.nodes.filter(n => n && n.id);
  } else {
    const filter = {};
    if (params.get("name")) filter.name = params.get("name");
    if (params.get("dob")) { filter.dobFrom = params.get("dob"); filter.dobTo = params.get("dob"); }
    const data = await gql(`query FindPeople($filter: PeopleFilter) { people(filter: $filter, first: 50) { totalCount edges { node { __typename ${PERSON_BRIEF} } } } }`, { filter });
    people = data.people.edges.map(e => e.node);
  }
  results.replaceChildren(people.length
    ? h("table", { id: "results-table" }, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Born"), h("th", {}, "Age"), h("th", {}, "Town"), h("th", {}, "Recorded by"), h("th", {}, "")),
      people.map(p => h("tr", {}, h("td", {}, link(`#/person/${p.id}`, p.name || "(no name)"), p.ofConcern ? h("span", { class: "tag overdue" }, "adult of concern") : null),
        h("td", {}, day(p.dob)), h("td", {}, p.age ?? "—"), h("td", {}, p.town || "—"), h("td", {}, prov(p.provenance)),
        h("td", {}, link(`#/network/${p.id}`, "network"), " · ", link(`#/timeline/${p.id}`, "timeline")))))
    : h("p", {}, "No one you may see matches."));
}

// ---------------------------------------------------------------- profile

const PROV = "provenance { owner category source recordedAt }";

async function personView(id) {
  const data = await gql(`query Profile($id: ID!) { node(id: $id) { __typename ... on Person {
    id name givenName familyName dob age gender ethnicity town ward ${PROV} ... on Adult { ofConcern }
    recordsHeldElsewhere { agency category }
    flags { kind detail since until ${PROV} }
    addresses { place { id name address town ${PROV} } start end }
    schools { school { id name ${PROV} } start end yearGroup }
    groups { group { id name ${PROV} } role since }
    family { person { id name } kind direction ${PROV} }
    peers(first: 30) { edges { node { person { id name } context strength firstSeen lastSeen ${PROV} } } }
    countyLines { line { id name } role firstSeen lastSeen ${PROV} }
  } } }`, { id });
  const p = data.node;
  if (!p) { show(h("p", { class: "error" }, "No record you may see has this id.")); return; }
  const facts = [["Name", p.name], ["Born", day(p.dob)], ["Age", p.age], ["Gender", p.gender],
    ["Ethnicity", p.ethnicity], ["Town", p.town], ["Ward", p.ward]];
  show(
    h("h1", { id: "profile-name" }, p.name || "(no name)", prov(p.provenance),
      p.ofConcern ? h("span", { class: "tag overdue" }, "adult of concern") : null),
    h("div", { class: "row no-print" }, link(`#/network/${p.id}`, "Network chart"), " · ",
      link(`#/timeline/${p.id}`, "Timeline")),
    h("div", { id: "held-elsewhere" }, p.recordsHeldElsewhere.map(r => h("p", { class: "held" },
      `Held by agency ${r.agency}: ${r.category} records exist. Only their existence is shared with you; ask ${r.agency}.`))),
    h("div", { class: "card" }, h("table", {}, facts.map(([k, v]) => h("tr", {}, h("th", {}, k), h("td", {}, v ?? "—", prov(p.provenance)))))),
    section("Flags", p.flags, f => [f.kind, f.detail || "", `${day(f.since)} – ${day(f.until)}`, prov(f.provenance)]),
    section("Addresses", p.addresses, a => [link(`#/context/${a.place.id}`, a.place.name || a.place.address || "place"), a.place.town || "", `${day(a.start)} – ${day(a.end)}`, prov(a.place.provenance)]),
    section("Schools", p.schools, s => [link(`#/context/${s.school.id}`, s.school.name), s.yearGroup ? `year ${s.yearGroup}` : "", `${day(s.start)} – ${day(s.end)}`, prov(s.school.provenance)]),
    section("Peer groups", p.groups, g => [link(`#/context/${g.group.id}`, g.group.name), g.role || "", day(g.since), prov(g.group.provenance)]),
    section("Family", p.family, f => [link(`#/person/${f.person.id}`, f.person.name), `${f.direction === "of" ? "is" : "has"} ${f.kind || ""}`, "", prov(f.provenance)]),
    section("Peers and associates", p.peers.edges.map(e => e.node), l => [link(`#/person/${l.person.id}`, l.person.name), l.context || "", `${day(l.firstSeen)} – ${day(l.lastSeen)}`, prov(l.provenance)]),
    section("County lines", p.countyLines, l => [l.line.name, l.role || "", `${day(l.firstSeen)} – ${day(l.lastSeen)}`, prov(l.provenance)]),
  );
}

function section(title, rows, cells) {
  return h("div", { class: "card" }, h("h2", {}, title),
    rows && rows.length ? h("table", {}, rows.map(r => h("tr", {}, cells(r).map(c => h("td", {}, c)))))
      : h("p", { class: "muted" }, "Nothing you may see."));
}

// ---------------------------------------------------------------- network chart

const NETWORK = `query Network($id: ID!, $depth: Int!, $kinds: [NetworkLinkKind!]) {
  peerNetwork(childId: $id, depth: $depth, kinds: $kinds) {
    focus { id name } people
    nodes { person { id name isChild age ofConcern } hops community betweenness }
    links { source target kind context strength firstSeen lastSeen }
    bridges { person { id } communities }
    adults { person { id } }
    protectiveTies { source target kind }
    notes } }`;

function kindsFrom(params) {
  const raw = params.get("kinds");
  return raw ? raw.split(",").filter(k => KINDS.includes(k)) : DEFAULT_KINDS;
}

function elementsOf(net) {
  const protective = new Set();
  for (const tie of net.protectiveTies) { protective.add(tie.source); protective.add(tie.target); }
  const bridges = new Set(net.bridges.map(b => b.person.id));
  const nodes = net.nodes.map(n => ({ group: "nodes", data: {
    id: n.person.id, label: n.person.name || "?", community: n.community,
    color: n.community === null ? "#c8ced8" : PALETTE[n.community % PALETTE.length],
    age: n.person.age, hops: n.hops },
    classes: [n.person.isChild ? "child" : "adult", n.person.ofConcern ? "concern" : "",
      !n.person.isChild && !n.person.ofConcern && protective.has(n.person.id) ? "protective" : "",
      bridges.has(n.person.id) ? "bridge" : "", n.person.id === net.focus.id ? "focus" : ""].filter(Boolean).join(" ") }));
  const edges = net.links.map(l => ({ group: "edges", data: {
    id: `${l.kind}|${[l.source, l.target].sort().join("|")}|${l.context || ""}`,
    source: l.source, target: l.target, kind: l.kind, context: l.context,
    firstSeen: l.firstSeen, lastSeen: l.lastSeen, strength: l.strength ?? 0.5 },
    classes: `k-${l.kind} ${PROTECTIVE.includes(l.context) ? "protective" : ""}` }));
  return [...nodes, ...edges];
}

const CY_STYLE = [
  { selector: "node", style: { "background-color": "data(color)", label: "data(label)", "font-size": 9,
    "text-valign": "bottom", "text-margin-y": 3, width: 22, height: 22, "border-width": 1, "border-color": "#5b6577" } },
  { selector: "node.adult", style: { shape: "round-rectangle" } },
  { selector: "node.concern", style: { shape: "diamond", "border-color": "#b3261e", "border-width": 4, width: 28, height: 28 } },
  { selector: "node.protective", style: { shape: "rectangle", "border-color": "#1e7b34", "border-width": 4 } },
  { selector: "node.bridge", style: { "border-color": "#e0a100", "border-width": 5, "border-style": "double" } },
  { selector: "node.focus", style: { width: 34, height: 34, "font-weight": "bold", "font-size": 11 } },
  { selector: "node.picked", style: { "overlay-color": "#2457a6", "overlay-opacity": 0.35, "overlay-padding": 6 } },
  { selector: "node.on-route", style: { "underlay-color": "#e0a100", "underlay-opacity": 0.6, "underlay-padding": 8 } },
  { selector: "edge", style: { width: "mapData(strength, 0, 1, 1, 5)", "line-color": "#9aa5b8", "curve-style": "bezier" } },
  { selector: "edge.k-co_offending", style: { "line-color": "#b3261e" } },
  { selector: "edge.k-missing_together", style: { "line-color": "#7b3fb3", "line-style": "dashed" } },
  { selector: "edge.k-sibling, edge.k-family", style: { "line-color": "#2457a6", "line-style": "dotted" } },
  { selector: "edge.k-same_school, edge.k-same_place", style: { "line-color": "#c8ced8", "line-style": "dashed" } },
  { selector: "edge.protective", style: { "line-color": "#1e7b34" } },
  { selector: "edge.on-route", style: { "line-color": "#e0a100", width: 5 } },
];

function drawNetwork(container, elements, interactive) {
  return cytoscape({ container, elements, style: CY_STYLE, wheelSensitivity: 0.3,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 70 },
    userZoomingEnabled: interactive, userPanningEnabled: interactive, boxSelectionEnabled: false,
    autoungrabify: !interactive });
}

function edgeText(data) {
  return `${data.kind}${data.context && data.context !== data.kind ? ` (${data.context})` : ""} · `
    + `${day(data.firstSeen)} → ${day(data.lastSeen)}`;
}

async function networkView(id, params) {
  const depth = Math.min(3, Math.max(1, Number(params.get("depth") || 2)));
  const kinds = kindsFrom(params);
  const controls = h("form", { class: "row", id: "network-form" },
    h("label", {}, "Depth", h("select", { name: "depth", id: "depth" },
      [1, 2, 3].map(d => h("option", { value: d, selected: d === depth }, d)))),
    h("fieldset", { class: "row" }, h("legend", {}, "Link kinds"),
      KINDS.map(k => h("label", {}, h("input", { type: "checkbox", name: "kind", value: k, checked: kinds.includes(k) }), k.replace("_", " ")))),
    h("button", { type: "submit" }, "Redraw"));
  controls.addEventListener("submit", event => {
    event.preventDefault();
    const chosen = [...controls.querySelectorAll("input[name=kind]:checked")].map(i => i.value);
    window.location.hash = `#/network/${id}?depth=${controls.elements.depth.value}&kinds=${chosen.join(",")}`;
  });
  const mode = h("div", { class: "row", id: "click-mode" }, "Click a person to: ",
    h("label", {}, h("input", { type: "radio", name: "mode", value: "expand", checked: true, id: "mode-expand" }), "expand"),
    h("label", {}, h("input", { type: "radio", name: "mode", value: "pick", id: "mode-pick" }), "pick for a route"),
    h("button", { type: "button", id: "find-route", disabled: true, onclick: () => findRoute() }, "Find routes between the two picked"));
  const legend = h("div", { class: "legend" },
    h("span", {}, h("i", { class: "swatch child" }), "child (colour = sub-group)"),
    h("span", {}, h("i", { class: "swatch concern" }), "adult of concern"),
    h("span", {}, h("i", { class: "swatch protect" }), "protective adult"),
    h("span", {}, h("i", { class: "swatch bridge" }), "bridge between sub-groups"));
  const side = h("div", { id: "network-side" });
  const chart = h("div", { id: "cy" });
  show(h("h1", { id: "network-title" }, "Peer network"), controls, mode, legend,
    h("div", { class: "grid" }, chart, side));
  const data = await gql(NETWORK, { id, depth, kinds: kinds.map(k => k.toUpperCase()) });
  const net = data.peerNetwork;
  document.getElementById("network-title").textContent =
    `Peer network of ${net.focus.name} (depth ${depth}, ${net.people} people)`;
  const cy = drawNetwork(chart, elementsOf(net), true);
  state.cy = cy; state.picked = []; state.focus = id;
  window.workbench.cy = cy;
  const tip = document.getElementById("tip");
  cy.on("mouseover", "edge", event => {
    const pos = event.renderedPosition || event.target.renderedMidpoint();
    const box = chart.getBoundingClientRect();
    tip.textContent = edgeText(event.target.data());
    tip.style.left = `${box.left + pos.x + 12}px`; tip.style.top = `${box.top + pos.y + 12}px`;
    tip.hidden = false;
  });
  cy.on("mouseout", "edge", () => { tip.hidden = true; });
  cy.on("mouseover", "node", event => {
    const d = event.target.data(), pos = event.target.renderedPosition(), box = chart.getBoundingClientRect();
    tip.textContent = `${d.label}${d.age !== null && d.age !== undefined ? `, ${d.age}` : ""} · sub-group ${d.community ?? "none"} · ${d.hops} link(s) away`;
    tip.style.left = `${box.left + pos.x + 14}px`; tip.style.top = `${box.top + pos.y + 14}px`;
    tip.hidden = false;
  });
  cy.on("mouseout", "node", () => { tip.hidden = true; });
  cy.on("tap", "node", event => {
    const mode = document.querySelector("input[name=mode]:checked").value;
    if (mode === "pick") pick(event.target); else expand(event.target.id());
  });
  side.replaceChildren(...[
    h("div", { class: "card" }, h("h2", {}, "Export this network"),
      h("p", { class: "muted" }, "Holds only what you may see; recorded in the audit log naming everyone in it."),
      h("div", { class: "row" },
        h("button", { type: "button", id: "export-graphml", onclick: () => download("network.graphml", networkParams(id, depth, kinds)) }, "GraphML (Gephi, yEd)"),
        h("button", { type: "button", id: "export-i2", onclick: () => download("network-i2.zip", networkParams(id, depth, kinds)) }, "i2 Analyst's Notebook"),
        h("button", { type: "button", id: "export-csv", onclick: () => download("network.csv", networkParams(id, depth, kinds)) }, "People (CSV)"))),
    h("div", { class: "card", id: "route-result" }, h("h2", {}, "Routes"), h("p", { class: "muted" }, "Pick two people to find the routes between them.")),
    h("div", { class: "card" }, h("h2", {}, "Bridges"), net.bridges.length
      ? h("ul", {}, net.bridges.map(b => h("li", {}, cy.getElementById(b.person.id).data("label"), ` links sub-groups ${b.communities.join(", ")}`)))
      : h("p", { class: "muted" }, "None.")),
    net.notes.length ? h("div", { class: "card" }, h("h2", {}, "Notes"), h("ul", {}, net.notes.map(n => h("li", {}, n)))) : null,
  ].filter(Boolean));
}

function networkParams(id, depth, kinds) { return { child: id, depth: String(depth), kinds: kinds.join(",") }; }

async function expand(personId) {
  const cy = state.cy;
  const params = new URLSearchParams(window.location.hash.split("?")[1] || "");
  const kinds = kindsFrom(params);
  const data = await gql(NETWORK, { id: personId, depth: 1, kinds: kinds.map(k => k.toUpperCase()) });
  const fresh = elementsOf(data.peerNetwork).filter(e => cy.getElementById(e.data.id).empty());
  fresh.forEach(e => { if (e.group === "nodes") e.classes = e.classes.replace("focus", ""); });
  const added = cy.add(fresh);
  const around = cy.getElementById(personId).position();
  added.nodes().forEach((n, i) => n.position({ x: around.x + 80 * Math.cos(i), y: around.y + 80 * Math.sin(i) }));
  cy.getElementById(personId).addClass("expanded");
  document.getElementById("network-title").dataset.expanded = personId;
  cy.layout({ name: "cose", animate: false, randomize: false, fit: true }).run();
  cy.emit("expanded");
}

function pick(node) {
  if (node.hasClass("picked")) { node.removeClass("picked"); state.picked = state.picked.filter(n => n !== node.id()); }
  else {
    if (state.picked.length === 2) state.cy.getElementById(state.picked.shift()).removeClass("picked");
    node.addClass("picked"); state.picked.push(node.id());
  }
  document.getElementById("find-route").disabled = state.picked.length !== 2;
}

async function findRoute() {
  const [from, to] = state.picked;
  const data = await gql(`query Route($from: ID!, $to: ID!) { connection(fromId: $from, toId: $to, maxLength: 4) {
    source { name } target { name } notes
    routes { length steps { record { id kind name } links { kind role context } } } } }`, { from, to });
  const found = data.connection;
  const cy = state.cy;
  cy.elements().removeClass("on-route");
  for (const route of found.routes) {
    const ids = route.steps.map(s => s.record.id);
    ids.forEach(i => cy.getElementById(i).addClass("on-route"));
    for (let i = 1; i < ids.length; i++) cy.edges(`[source = "${ids[i - 1]}"][target = "${ids[i]}"], [source = "${ids[i]}"][target = "${ids[i - 1]}"]`).addClass("on-route");
  }
  document.getElementById("route-result").replaceChildren(h("h2", {}, `Routes from ${found.source.name} to ${found.target.name}`),
    found.routes.length ? h("ol", { id: "routes" }, found.routes.map(route => h("li", { class: "route" },
      `${route.length} link(s): `, route.steps.map((s, i) => [i ? ` —${s.links.map(l => l.role || l.context || l.kind).join("/")}→ ` : "",
        h("strong", {}, `${s.record.name || s.record.kind}`), ` (${s.record.kind})`]))))
      : h("p", {}, "No route you may see, within 4 links."),
    ...found.notes.map(n => h("p", { class: "muted" }, n)));
}

// ---------------------------------------------------------------- timeline

async function timelineData(id) {
  const data = await gql(`query Timeline($id: ID!) { node(id: $id) { ... on Person { id name age town
    flags { kind since ${PROV} } recordsHeldElsewhere { agency category }
    groups { group { name } role } schools { school { name } end }
    incidents(first: 100) { edges { node { role ${PROV} incident { id type reference occurredAt summary place { id name } } } } }
    missingEpisodes(first: 100) { edges { node { id reportedAt foundAtTime status risk durationHours ${PROV} foundAt { id name } } } }
    referrals { id toService receivedAt outcome consent ${PROV} }
    panelDecisions { id decision rationale decidedAt reviewDate ${PROV} panel { id name heldOn }
      actions { id description dueDate status ownerName } }
  } } }`, { id });
  const p = data.node;
  if (!p) return null;
  const events = [];
  for (const e of p.incidents.edges) events.push({ kind: "incident", at: e.node.incident.occurredAt,
    text: `${e.node.incident.type} (${e.node.role})${e.node.incident.place ? ` at ${e.node.incident.place.name}` : ""} ${e.node.incident.reference || ""}`, prov: e.node.provenance });
  for (const e of p.missingEpisodes.edges) events.push({ kind: "missing", at: e.node.reportedAt,
    text: `missing, ${e.node.risk || "risk not set"} risk, ${e.node.status}${e.node.durationHours ? `, ${Math.round(e.node.durationHours)} h` : ""}${e.node.foundAt ? `, found at ${e.node.foundAt.name}` : ""}`, prov: e.node.provenance });
  for (const r of p.referrals) events.push({ kind: "referral", at: r.receivedAt,
    text: `referral to ${r.toService} (consent ${r.consent || "—"}, ${r.outcome || "open"})`, prov: r.provenance });
  for (const d of p.panelDecisions) events.push({ kind: "decision", at: d.decidedAt,
    text: `${d.panel ? d.panel.name + ": " : ""}${d.decision}${d.reviewDate ? ` (review ${day(d.reviewDate)})` : ""}`, prov: d.provenance });
  events.sort((a, b) => String(a.at || "").localeCompare(String(b.at || "")));
  return { person: p, events };
}

function timelineList(events) {
  return h("ul", { class: "timeline" }, events.map(e => h("li", { class: e.kind, "data-kind": e.kind },
    h("span", { class: "when" }, day(e.at)), h("span", { class: "tag" }, e.kind), e.text, prov(e.prov))));
}

function timelineStrip(events) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "strip"); svg.setAttribute("viewBox", "0 0 1000 70");
  svg.setAttribute("preserveAspectRatio", "none");
  const dated = events.filter(e => e.at);
  if (!dated.length) return svg;
  const t = e => new Date(String(e.at).slice(0, 10)).getTime();
  const lo = Math.min(...dated.map(t)), hi = Math.max(...dated.map(t)), span = Math.max(hi - lo, 1);
  const rows = { incident: 14, missing: 28, referral: 42, decision: 56 };
  const colours = { incident: "#b3261e", missing: "#7b3fb3", referral: "#2457a6", decision: "#1e7b34" };
  for (const e of dated) {
    const c = document.createElementNS(ns, "rect");
    c.setAttribute("x", String(8 + 980 * (t(e) - lo) / span)); c.setAttribute("y", String(rows[e.kind] - 6));
    c.setAttribute("width", "4"); c.setAttribute("height", "12"); c.setAttribute("fill", colours[e.kind]);
    const title = document.createElementNS(ns, "title"); title.textContent = `${day(e.at)} ${e.text}`;
    c.append(title); svg.append(c);
  }
  return svg;
}

async function timelineView(id) {
  const found = await timelineData(id);
  if (!found) { show(h("p", { class: "error" }, "No record you may see has this id.")); return; }
  show(h("h1", { id: "timeline-title" }, `Timeline of ${found.person.name}`),
    h("p", { class: "muted" }, `${found.events.length} events you may see: incidents, missing episodes, referrals and panel decisions.`),
    timelineStrip(found.events), timelineList(found.events));
}

// ---------------------------------------------------------------- contexts

async function contextView(id) {
  const data = await gql(`query Context($id: ID!) { contextProfile(id: $id) { kind
    subject { ... on Place { id name address town ${PROV} } ... on School { id name town ${PROV} } ... on PeerGroup { id name ${PROV} } }
    children { person { id name age } ties { how count } }
    adults { person { id name ofConcern } ties { how count } }
    incidents missingEpisodes timeline { month incidents missingEpisodes }
    latestAssessment { assessedAt riskLevel findings safetyPlan reviewDate ${PROV} }
    decisions { id decision decidedAt }
    openActions { id description dueDate status ownerName } } }`, { id });
  const c = data.contextProfile;
  const tied = people => h("table", {}, people.map(t => h("tr", {},
    h("td", {}, link(`#/person/${t.person.id}`, t.person.name), t.person.ofConcern ? h("span", { class: "tag overdue" }, "of concern") : null),
    h("td", {}, t.ties.map(x => h("span", { class: "tag" }, `${x.how} ×${x.count}`))))));
  show(h("h1", { id: "context-title" }, `${c.subject ? c.subject.name : "Context"} (${c.kind})`, c.subject ? prov(c.subject.provenance) : null),
    h("p", {}, `${c.incidents} incidents and ${c.missingEpisodes} missing episodes you may see.`),
    c.latestAssessment ? h("div", { class: "card" }, h("h2", {}, "Latest assessment"),
      h("p", {}, `${day(c.latestAssessment.assessedAt)}: ${c.latestAssessment.riskLevel} risk. ${c.latestAssessment.findings || ""}`, prov(c.latestAssessment.provenance)),
      h("p", {}, `Safety plan: ${c.latestAssessment.safetyPlan || "—"}; review ${day(c.latestAssessment.reviewDate)}`)) : null,
    h("div", { class: "card" }, h("h2", {}, "By month"), h("table", {}, h("tr", {}, h("th", {}, "Month"), h("th", {}, "Incidents"), h("th", {}, "Missing")),
      c.timeline.map(m => h("tr", {}, h("td", {}, m.month), h("td", {}, m.incidents), h("td", {}, m.missingEpisodes))))),
    h("div", { class: "card" }, h("h2", {}, "Children tied to it"), tied(c.children)),
    h("div", { class: "card" }, h("h2", {}, "Adults tied to it"), tied(c.adults)),
    section("Open actions", c.openActions, a => [a.description, a.ownerName || "", day(a.dueDate), a.status]));
}

// ---------------------------------------------------------------- county lines

async function linesView() {
  const data = await gql(`query Lines { countyLinesOverview { lines { line { id name } status people children places phones }
    children { child { id name age } direct lines { line { name } roles via { id name } } }
    brokers { record { id kind name } lines { name } roles betweenness } } }`);
  const o = data.countyLinesOverview;
  show(h("h1", {}, "County lines overview"),
    h("div", { class: "row" }, h("button", { type: "button", id: "export-lines", onclick: () => download("lines.csv", {}) }, "Children on lines (CSV)")),
    h("div", { class: "card" }, h("h2", {}, "Lines"), h("table", { id: "lines-table" }, h("tr", {}, ["Line", "Status", "People", "Children", "Places", "Phones"].map(x => h("th", {}, x))),
      o.lines.map(l => h("tr", {}, h("td", {}, l.line.name), h("td", {}, l.status || "—"), h("td", {}, l.people), h("td", {}, l.children), h("td", {}, l.places), h("td", {}, l.phones))))),
    h("div", { class: "card" }, h("h2", {}, "Children linked to lines"), h("table", {}, o.children.map(c => h("tr", {},
      h("td", {}, link(`#/person/${c.child.id}`, c.child.name)), h("td", {}, c.direct ? "directly" : "through an associate"),
      h("td", {}, c.lines.map(t => h("div", {}, `${t.line.name}: ${t.roles.join(", ") || "—"}${t.via ? ` via ${t.via.name}` : ""}`))))))),
    h("div", { class: "card" }, h("h2", {}, "Brokers between lines"), h("table", {}, o.brokers.map(b => h("tr", {},
      h("td", {}, b.record.name), h("td", {}, b.record.kind), h("td", {}, b.lines.map(l => l.name).join(", ")), h("td", {}, b.roles.join(", ")))))));
}

// ---------------------------------------------------------------- panel packs

async function panelsView() {
  const data = await gql(`query Panels { panels(first: 30) { edges { node { id name kind heldOn } } } }`);
  show(h("h1", {}, "Panel packs"), h("table", { id: "panels-table" }, data.panels.edges.map(e => h("tr", {},
    h("td", {}, link(`#/panel/${e.node.id}`, e.node.name || e.node.id)), h("td", {}, e.node.kind), h("td", {}, day(e.node.heldOn))))));
}

async function networkImage(id) {
  const holder = h("div", { class: "offscreen" });
  holder.style.position = "absolute"; holder.style.left = "-5000px"; holder.style.top = "0";
  holder.style.width = "640px"; holder.style.height = "360px";
  document.body.append(holder);
  try {
    const data = await gql(NETWORK, { id, depth: 1, kinds: DEFAULT_KINDS.map(k => k.toUpperCase()) });
    const cy = drawNetwork(holder, elementsOf(data.peerNetwork), false);
    cy.fit(undefined, 24);
    const png = cy.png({ full: false, scale: 1.5, bg: "#ffffff" });
    const count = data.peerNetwork.people;
    cy.destroy();
    return h("figure", {}, h("img", { class: "pack-net", src: png, alt: `peer network, ${count} people` }),
      h("figcaption", { class: "muted" }, `Peer network, one link out: ${count} people.`));
  } catch (error) {
    return h("p", { class: "muted" }, `No network: ${error.message}`);
  } finally {
    holder.remove();
  }
}

async function panelView(id) {
  const data = await gql(`query Pack($id: ID!) { panelView(panelId: $id) { asOf panel { id name kind heldOn }
    children { person { id name age } decisionIds }
    peopleOfConcern { person { id name } decisionIds }
    locations { subject { id kind name } decisionIds }
    decisions { id decision rationale decidedAt reviewDate ${PROV} }
    actions { decisionId dueDate status ownerName overdue action { id description } }
    overdue { decisionId dueDate ownerName action { description } } } }`, { id });
  const v = data.panelView;
  const decisions = new Map(v.decisions.map(d => [d.id, d]));
  const actionsFor = ids => v.actions.filter(a => ids.includes(a.decisionId));
  const pack = h("div", { id: "panel-pack" },
    h("div", { class: "row no-print" }, h("button", { type: "button", id: "print-pack", onclick: () => window.print() }, "Print or save as PDF")),
    h("h1", { id: "pack-title" }, `${v.panel.name} (${v.panel.kind}), ${day(v.panel.heldOn)}`),
    h("p", { class: "print-only muted" }, `Prepared ${day(v.asOf)} by ${state.session.subject} (${state.session.agency}) for ${state.purpose}: ${state.justification}. OFFICIAL-SENSITIVE.`),
    h("div", { class: "card" }, h("h2", {}, `Cohort: ${v.children.length} children`), h("ol", { id: "cohort" }, v.children.map(c => h("li", {}, `${c.person.name}${c.person.age !== null ? `, ${c.person.age}` : ""}`)))),
    v.peopleOfConcern.length ? h("div", { class: "card" }, h("h2", {}, "Adults of concern"), h("ul", {}, v.peopleOfConcern.map(c => h("li", {}, c.person.name)))) : null,
    v.locations.length ? h("div", { class: "card" }, h("h2", {}, "Locations"), h("ul", {}, v.locations.map(c => h("li", {}, `${c.subject.name} (${c.subject.kind})`)))) : null,
    h("div", { class: "card" }, h("h2", {}, `Overdue actions: ${v.overdue.length}`), h("table", { id: "overdue" }, v.overdue.map(a => h("tr", {},
      h("td", {}, a.action.description), h("td", {}, a.ownerName || "—"), h("td", {}, h("span", { class: "tag overdue" }, `due ${day(a.dueDate)}`)))))));
  show(pack);
  for (const child of v.children) {
    const block = h("section", { class: "pack-child", "data-child": child.person.id },
      h("h2", {}, `${child.person.name}${child.person.age !== null ? `, ${child.person.age}` : ""}`));
    pack.append(block);
    const [timeline, image] = [await timelineData(child.person.id), await networkImage(child.person.id)];
    const recent = timeline ? timeline.events.slice(-12) : [];
    const who = timeline ? timeline.person : null;
    block.append(
      who ? h("table", { class: "pack-summary" },
        h("tr", {}, h("th", {}, "Lives in"), h("td", {}, who.town || "—")),
        h("tr", {}, h("th", {}, "School"), h("td", {}, who.schools.filter(s => !s.end).map(s => s.school.name).join(", ") || "—")),
        h("tr", {}, h("th", {}, "Peer groups"), h("td", {}, who.groups.map(g => `${g.group.name} (${g.role || "member"})`).join(", ") || "—")),
        h("tr", {}, h("th", {}, "Flags"), h("td", {}, who.flags.length ? who.flags.map(f => h("span", {}, `${f.kind} since ${day(f.since)}`, prov(f.provenance), " ")) : "none you may see")),
        h("tr", {}, h("th", {}, "Held elsewhere"), h("td", {}, who.recordsHeldElsewhere.map(r => `${r.category} records held by ${r.agency}`).join("; ") || "—"))) : null,
      h("p", {}, timeline ? `${timeline.events.length} events you may see; the latest ${recent.length}:` : "No timeline."),
      image, timelineList(recent),
      h("h3", {}, "Decisions and actions"),
      h("table", {}, child.decisionIds.map(d => decisions.get(d)).filter(Boolean).map(d => h("tr", {},
        h("td", {}, day(d.decidedAt)), h("td", {}, d.decision, prov(d.provenance)),
        h("td", {}, actionsFor([d.id]).map(a => h("div", {}, a.action.description, " ",
          h("span", { class: a.overdue ? "tag overdue" : "tag" }, `${a.status || "open"}, due ${day(a.dueDate)}`))))))));
  }
  pack.dataset.ready = "1";
}

// ---------------------------------------------------------------- exports

async function download(name, params) {
  if (!state.purpose || !state.justification) await askPurpose();
  const status = document.getElementById("export-status") || document.body.appendChild(h("p", { id: "export-status", class: "no-print" }));
  status.textContent = `Preparing ${name}…`;
  const response = await fetch(`/workbench/export/${name}`, { method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": state.session.csrf,
      "X-Purpose": state.purpose, "X-Justification": state.justification },
    body: new URLSearchParams(params).toString() });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    status.textContent = `Export refused: ${(body.errors || []).map(e => e.message).join("; ") || response.status}`;
    status.className = "error";
    return;
  }
  const blob = await response.blob();
  const filename = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
  const a = h("a", { href: URL.createObjectURL(blob), download: filename ? filename[1] : name });
  document.body.append(a); a.click(); a.remove();
  status.className = "muted";
  status.textContent = `${name}: ${response.headers.get("X-Export-Rows")} rows, recorded in the audit log.`;
}

function exportsView() {
  const hot = h("form", { class: "row", id: "hotspots-form" },
    h("label", {}, "From", h("input", { type: "date", name: "since" })), h("label", {}, "To", h("input", { type: "date", name: "until" })),
    h("button", { type: "submit", id: "export-hotspots" }, "Found-place hotspots (GeoJSON)"));
  hot.addEventListener("submit", e => { e.preventDefault(); download("hotspots.geojson", { since: hot.elements.since.value, until: hot.elements.until.value }); });
  const places = h("form", { class: "row", id: "places-form" },
    h("label", {}, "Town", h("input", { name: "town", value: "Corby" })),
    h("button", { type: "submit", id: "export-places" }, "Places (GeoJSON)"));
  places.addEventListener("submit", e => { e.preventDefault(); download("places.geojson", { town: places.elements.town.value }); });
  show(h("h1", {}, "Exports"),
    h("p", {}, "Each export holds only what you may see, needs your justification, and is recorded in the audit log naming every person in it. A network's exports (GraphML, i2, CSV) are on its chart."),
    h("div", { class: "card" }, h("h2", {}, "Maps for QGIS"), hot, places),
    h("div", { class: "card" }, h("h2", {}, "Lists"), h("button", { type: "button", id: "export-lines", onclick: () => download("lines.csv", {}) }, "Children on county lines (CSV)")));
}

// ---------------------------------------------------------------- routing

async function route() {
  const hash = window.location.hash || "#/search";
  const [path, query] = hash.slice(1).split("?");
  const params = new URLSearchParams(query || "");
  const [, name, id] = path.split("/");
  document.getElementById("tip").hidden = true;
  try {
    if (!state.purpose) await askPurpose();
    view().dataset.view = name;
    view().dataset.ready = "";
    if (name === "person") await personView(id);
    else if (name === "network") await networkView(id, params);
    else if (name === "timeline") await timelineView(id);
    else if (name === "context") await contextView(id);
    else if (name === "lines") await linesView();
    else if (name === "panels") await panelsView();
    else if (name === "panel") await panelView(id);
    else if (name === "exports") exportsView();
    else await searchView(params);
  } catch (error) {
    failed(error);
  } finally {
    view().dataset.ready = "1";
  }
}

window.workbench = { state, cy: null };
window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", async () => {
  setupPurpose();
  if (await loadSession()) await route();
});
