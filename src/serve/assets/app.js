// The workbench's page: plain script over the JSON API of `stx-migrate serve`.
"use strict";

const $ = (selector) => document.querySelector(selector);
const state = { migration: "", show: false, findingsOffset: 0, limit: 100, mappingSha: "", version: "" };

function say(text, error) {
  const m = $("#message");
  m.textContent = text || "";
  m.className = error ? "error" : "";
}

async function api(path, options) {
  const response = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

function post(path, body) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function q(params) {
  const all = Object.assign({ m: state.migration }, params || {});
  return Object.entries(all)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v))
    .join("&");
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function fill(select, values, keep) {
  const before = select.value;
  select.textContent = "";
  for (const [value, label] of values) {
    const o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }
  if (keep && values.some(([v]) => v === before)) select.value = before;
}

// ---- tabs ---------------------------------------------------------------------------------

function showTab(name) {
  document.querySelectorAll(".panel").forEach((p) => { p.hidden = p.id !== name; });
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.dataset.tab === name));
  say("");
  if (name === "runs") loadRuns();
  if (name === "findings") loadFindings(true);
  if (name === "duplicates") loadDuplicates();
  if (name === "mapping") loadMapping();
}

// ---- runs ---------------------------------------------------------------------------------

let runs = [];

async function loadRuns() {
  try {
    runs = await api("/api/runs?" + q());
  } catch (e) {
    say(e.message, true);
    return;
  }
  const body = $("#runs-table tbody");
  body.textContent = "";
  for (const r of runs.slice().reverse()) {
    const tr = document.createElement("tr");
    cell(tr, r.run_id);
    cell(tr, r.tag);
    cell(tr, r.operation);
    cell(tr, r.status, "status-" + r.status);
    cell(tr, r.started_at);
    for (const n of [r.rows_read, r.rows_written, r.rows_rejected, r.rows_merged]) cell(tr, n, "num");
    cell(tr, r.gate_ok === true ? "ok" : r.gate_ok === false ? "exceeded" : "");
    const files = cell(tr, "");
    for (const f of r.files || []) {
      const name = f[0].split("/").pop();
      const a = document.createElement("a");
      a.href = "/api/file?" + q({ run: r.run_id, name: name });
      a.textContent = name;
      files.appendChild(a);
      files.appendChild(document.createTextNode(" "));
    }
    body.appendChild(tr);
  }
  const completed = runs.filter((r) => r.status === "completed").reverse();
  const choices = completed.map((r) => [r.run_id, r.run_id + (r.tag ? " (" + r.tag + ")" : "") + (r.operation ? " " + r.operation : "")]);
  fill($("#findings-run"), choices, true);
  fill($("#duplicates-run"), choices, true);
}

async function startRun() {
  const button = $("#start-run");
  button.disabled = true;
  try {
    const started = await post("/api/runs?" + q(), { since: $("#since").value, tag: $("#tag").value });
    $("#job").hidden = false;
    watch(started.job);
  } catch (e) {
    say(e.message, true);
    button.disabled = false;
  }
}

async function watch(job) {
  let j;
  try {
    j = await api("/api/jobs/" + encodeURIComponent(job));
  } catch (e) {
    say(e.message, true);
    $("#start-run").disabled = false;
    return;
  }
  const running = j.status === "running";
  $("#job-status").textContent = running ? "In progress" : j.status === "completed" ? "Completed" : "Failed";
  $("#job-status").className = "status-" + j.status;
  $("#job-stage").textContent = running ? j.stage : (j.run_id ? "run " + j.run_id : "") + (j.message ? " — " + j.message : "");
  $("#job-rows").textContent = j.rows_read;
  $("#job-rejected").textContent = j.rejected;
  $("#job-bar").className = running ? "running" : "";
  $("#job-bar").style.width = running ? "" : "100%";
  if (running) {
    setTimeout(() => watch(job), 400);
  } else {
    $("#start-run").disabled = false;
    loadRuns();
  }
}

// ---- rejects and warnings -----------------------------------------------------------------

async function loadFindings(reset) {
  const run = $("#findings-run").value;
  if (!run) {
    $("#findings-count").textContent = "No completed run yet.";
    return;
  }
  if (reset) state.findingsOffset = 0;
  let page;
  try {
    page = await api("/api/findings?" + q({
      run: run, kind: $("#findings-kind").value, rule: $("#filter-rule").value,
      column: $("#filter-column").value, outcome: $("#filter-outcome").value,
      offset: state.findingsOffset, limit: state.limit, show: state.show ? "true" : "",
    }));
  } catch (e) {
    say(e.message, true);
    return;
  }
  const all = (values) => [["", "all"]].concat(values.map((v) => [v, v]));
  fill($("#filter-rule"), all(page.rules), true);
  fill($("#filter-column"), all(page.columns), true);
  fill($("#filter-outcome"), all(page.outcomes), true);
  const last = Math.min(page.offset + page.rows.length, page.matched);
  $("#findings-count").textContent = page.matched + " of " + page.total + " lines of " + page.file +
    (page.matched ? ", showing " + (page.offset + 1) + "–" + last : "") + (page.masked ? " (masked)" : "");
  const body = $("#findings-table tbody");
  body.textContent = "";
  for (const l of page.rows) {
    const tr = document.createElement("tr");
    cell(tr, l.row, "num");
    cell(tr, l.key);
    cell(tr, l.rule);
    cell(tr, l.column);
    cell(tr, l.outcome);
    cell(tr, l.value);
    cell(tr, l.message);
    body.appendChild(tr);
  }
  $("#prev").disabled = page.offset === 0;
  $("#next").disabled = last >= page.matched;
}

// ---- duplicates ---------------------------------------------------------------------------

async function loadDuplicates() {
  const run = $("#duplicates-run").value;
  const box = $("#clusters");
  box.textContent = "";
  if (!run) {
    $("#duplicates-count").textContent = "No completed run yet.";
    return;
  }
  let d;
  try {
    d = await api("/api/duplicates?" + q({ run: run, show: state.show ? "true" : "" }));
  } catch (e) {
    say(e.message, true);
    return;
  }
  state.version = d.version;
  const review = d.clusters.filter((c) => c.status === "review").length;
  $("#duplicates-count").textContent = d.note || (d.clusters.length + " clusters, " + review + " held for review; " + d.decisions.length + " decisions in decisions.csv");
  const decided = new Map();
  for (const x of d.decisions) {
    const pair = [x.key || "", x.other || ""].sort().join("|");
    decided.set(x.cluster ? "c:" + x.cluster : "p:" + pair, x);
  }
  for (const c of d.clusters) box.appendChild(renderCluster(c, decided));
}

function renderCluster(c, decided) {
  const div = document.createElement("div");
  div.className = "cluster " + c.status;
  div.dataset.cluster = c.cluster;
  const h = document.createElement("h3");
  h.textContent = c.cluster + " — " + c.status + ", " + c.kind + ", " + c.members.length + " records";
  div.appendChild(h);
  const known = decided.get("c:" + c.cluster);
  if (known) div.appendChild(note("cluster: " + known.decision + (known.by ? " by " + known.by : "")));
  div.appendChild(decisionButtons({ cluster: c.cluster }));
  const table = document.createElement("table");
  const head = document.createElement("tr");
  cell(head, "");
  for (const m of c.members) cell(head, m.key + " (" + m.role + ", row " + m.row + ")");
  table.appendChild(head);
  const columns = c.members[0] ? c.members[0].values.map((v) => v[0]) : [];
  columns.forEach((column, i) => {
    const tr = document.createElement("tr");
    cell(tr, column);
    for (const m of c.members) cell(tr, m.values[i] ? m.values[i][1] : "");
    table.appendChild(tr);
  });
  const score = document.createElement("tr");
  cell(score, "score");
  for (const m of c.members) cell(score, m.score + " bits, p=" + m.probability);
  table.appendChild(score);
  div.appendChild(table);
  for (const m of c.members.filter((m) => m.linked_to && m.role !== "survivor")) {
    const p = document.createElement("div");
    p.className = "pair";
    p.dataset.key = m.key;
    p.dataset.other = m.linked_to;
    const pair = [m.key, m.linked_to].sort().join("|");
    const known = decided.get("p:" + pair);
    p.appendChild(note(m.key + " ↔ " + m.linked_to + (known ? ": " + known.decision + (known.by ? " by " + known.by : "") : "")));
    p.appendChild(waterfall(m.waterfall));
    p.appendChild(decisionButtons({ key: m.key, other: m.linked_to }));
    div.appendChild(p);
  }
  return div;
}

function note(text) {
  const p = document.createElement("p");
  p.className = "decided";
  p.textContent = text;
  return p;
}

function waterfall(steps) {
  const box = document.createElement("div");
  box.className = "waterfall";
  const max = Math.max(1, ...steps.map((s) => Math.abs(parseFloat(s[2]) || 0)));
  for (const [comparison, level, bits] of steps) {
    const b = parseFloat(bits) || 0;
    const bar = document.createElement("div");
    bar.style.height = Math.max(2, Math.round((Math.abs(b) / max) * 56)) + "px";
    if (b < 0) bar.className = "neg";
    bar.title = comparison + (level ? " (" + level + ")" : "") + ": " + b.toFixed(2) + " bits";
    box.appendChild(bar);
  }
  return box;
}

function decisionButtons(target) {
  const span = document.createElement("span");
  for (const decision of ["merge", "split", "keep-apart"]) {
    const b = document.createElement("button");
    b.textContent = decision;
    b.dataset.decision = decision;
    b.addEventListener("click", () => decide(Object.assign({ decision: decision }, target)));
    span.appendChild(b);
  }
  return span;
}

async function decide(body) {
  const who = $("#who").value.trim();
  if (!who) {
    say("Say who decides: type your name in 'reviewer'.", true);
    $("#who").focus();
    return;
  }
  localStorage.setItem("stx-reviewer", who);
  try {
    const done = await post("/api/decisions?" + q(), Object.assign({ who: who, version: state.version }, body));
    state.version = done.version;
    say(body.decision + " written to decisions.csv (" + done.decisions + " decisions)");
    loadDuplicates();
  } catch (e) {
    say(e.message, true);
    if (e.status === 409) loadDuplicates();
  }
}

// ---- mapping ------------------------------------------------------------------------------

let previewTimer = null;

async function loadMapping() {
  let m;
  try {
    m = await api("/api/mapping?" + q());
  } catch (e) {
    say(e.message, true);
    return;
  }
  state.mappingSha = m.sha256;
  const body = $("#mapping-table tbody");
  body.textContent = "";
  for (const e of m.entries) {
    const tr = document.createElement("tr");
    cell(tr, e.column);
    const td = cell(tr, "");
    const area = document.createElement("textarea");
    area.className = "expr";
    area.rows = 1;
    area.value = e.expression;
    area.dataset.column = e.column;
    area.addEventListener("input", () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => preview(e.column, area.value), 350);
    });
    area.addEventListener("focus", () => preview(e.column, area.value));
    td.appendChild(area);
    const error = document.createElement("div");
    error.className = "error";
    error.dataset.errorFor = e.column;
    td.appendChild(error);
    const actions = cell(tr, "");
    const save = document.createElement("button");
    save.textContent = "Save";
    save.dataset.save = e.column;
    save.addEventListener("click", () => saveExpression(e.column, area.value));
    actions.appendChild(save);
    body.appendChild(tr);
  }
}

async function preview(column, expression) {
  $("#preview-column").textContent = column;
  let p;
  try {
    p = await post("/api/preview?" + q(), { column: column, expression: expression, rows: 20, show: state.show });
  } catch (e) {
    say(e.message, true);
    return;
  }
  const error = document.querySelector('[data-error-for="' + CSS.escape(column) + '"]');
  if (error) error.textContent = p.error || "";
  $("#preview-error").textContent = p.error || "";
  const box = $("#preview");
  if (p.error) return;
  box.textContent = "";
  const table = document.createElement("table");
  const head = document.createElement("tr");
  cell(head, "row");
  for (const c of p.columns) cell(head, c);
  table.appendChild(head);
  for (const r of p.rows) {
    const tr = document.createElement("tr");
    cell(tr, r.row, "num");
    r.cells.forEach((c, i) => {
      const td = cell(tr, c.value, c.verdict);
      if (c.message) td.title = c.message;
      if (p.columns[i] === column) td.dataset.edited = "true";
    });
    table.appendChild(tr);
  }
  for (const r of p.rejects) {
    const tr = document.createElement("tr");
    tr.className = "rejected";
    cell(tr, r.row, "num");
    const td = cell(tr, "rejected: " + r.findings.map((f) => f.column + ": " + f.message).join(" | "));
    td.colSpan = p.columns.length;
    table.appendChild(tr);
  }
  box.appendChild(table);
}

async function saveExpression(column, expression) {
  try {
    const saved = await post("/api/mapping?" + q(), { column: column, expression: expression, sha256: state.mappingSha });
    state.mappingSha = saved.sha256;
    say(column + " saved in " + saved.file);
  } catch (e) {
    say(e.message, true);
  }
}

// ---- start --------------------------------------------------------------------------------

async function init() {
  document.querySelectorAll(".tab").forEach((t) => t.addEventListener("click", () => showTab(t.dataset.tab)));
  $("#start-run").addEventListener("click", startRun);
  // Another run or file has other rules and columns: its filters start empty.
  for (const id of ["#findings-run", "#findings-kind"]) {
    $(id).addEventListener("change", () => {
      for (const f of ["#filter-rule", "#filter-column", "#filter-outcome"]) $(f).value = "";
      loadFindings(true);
    });
  }
  for (const id of ["#filter-rule", "#filter-column", "#filter-outcome"]) {
    $(id).addEventListener("change", () => loadFindings(true));
  }
  $("#prev").addEventListener("click", () => { state.findingsOffset = Math.max(0, state.findingsOffset - state.limit); loadFindings(false); });
  $("#next").addEventListener("click", () => { state.findingsOffset += state.limit; loadFindings(false); });
  $("#duplicates-run").addEventListener("change", loadDuplicates);
  $("#show").addEventListener("change", () => {
    state.show = $("#show").checked;
    const open = document.querySelector(".panel:not([hidden])");
    if (open) showTab(open.id);
  });
  $("#who").value = localStorage.getItem("stx-reviewer") || "";
  let migrations = [];
  try {
    migrations = await api("/api/migrations");
  } catch (e) {
    say(e.message, true);
    return;
  }
  fill($("#migration"), migrations.map((m) => [m.id, m.name + " — " + m.id]));
  state.migration = migrations.length ? migrations[0].id : "";
  $("#migration").addEventListener("change", () => {
    state.migration = $("#migration").value;
    showTab("runs");
  });
  await loadRuns();
}

document.addEventListener("DOMContentLoaded", init);
