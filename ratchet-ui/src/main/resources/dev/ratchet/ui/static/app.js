// Ratchet dashboard. Renders the runs, run and history views from the JSON API and polls it for
// live updates. Every value is inserted as text (textContent, never innerHTML), so item keys,
// errors and logs that contain markup are shown as the characters they are.
'use strict';

const POLL_MS = 1000;
const STATE_COLORS = {
  done: '#1f8a4c', succeeded: '#1f8a4c', running: '#2f6fde', in_progress: '#2f6fde',
  failed: '#c8372d', interrupted: '#b7791f', skipped: '#8a94a3', pending: '#c3cad4'
};

// ---- small DOM helpers -------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  for (const child of children) {
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const badge = (state, extra) => el('span', { class: 'badge ' + (state || '') + (extra ? ' ' + extra : '') }, (state || '?').replace(/_/g, ' '));
const num = (n) => (n === null || n === undefined) ? '–' : Number(n).toLocaleString('en-US');
const runLink = (id, text) => el('a', { href: '/run?id=' + encodeURIComponent(id) }, text || id || '.');

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  seconds = Math.round(seconds);
  if (seconds < 60) return seconds + 's';
  if (seconds < 3600) return Math.floor(seconds / 60) + 'm ' + (seconds % 60) + 's';
  return Math.floor(seconds / 3600) + 'h ' + Math.floor(seconds % 3600 / 60) + 'm';
}
function ago(iso) {
  if (!iso) return '–';
  const seconds = (Date.now() - Date.parse(iso)) / 1000;
  return seconds < 5 ? 'just now' : duration(seconds) + ' ago';
}
function rate(r) { return r === null || r === undefined ? '–' : (r >= 10 ? r.toFixed(0) : r.toFixed(1)) + '/s'; }

function progressCell(run) {
  const fraction = run.progress;
  const fill = el('span', { class: 'fill' });
  fill.style.width = Math.round((fraction || 0) * 100) + '%'; // CSSOM: the CSP forbids style="…"
  const bar = el('div', { class: 'bar' + (fraction >= 1 ? ' done' : '') }, fill);
  const done = run.counts ? run.counts.done : 0;
  const label = run.total === null || run.total === undefined
    ? num(done) + ' done'
    : num(done) + ' / ' + num(run.total) + ' done (' + Math.floor((fraction || 0) * 100) + '%)';
  return el('div', { class: 'progress-cell' }, bar, el('small', { class: 'progress-label' }, label));
}

// ---- API ---------------------------------------------------------------------------------------
async function getJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

const token = {
  get() { return sessionStorage.getItem('ratchet.token') || ''; },
  set(value) { sessionStorage.setItem('ratchet.token', value.trim()); },
  takeFromUrl() {
    const params = new URLSearchParams(location.search);
    if (params.has('token')) {
      this.set(params.get('token'));
      params.delete('token');
      const rest = params.toString();
      history.replaceState(null, '', location.pathname + (rest ? '?' + rest : ''));
    }
  }
};

async function act(body) {
  const response = await fetch('/api/actions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ratchet-Token': token.get() },
    body: JSON.stringify(Object.assign({ by: localStorage.getItem('ratchet.by') || '' }, body))
  });
  const answer = await response.json().catch(() => ({ error: response.statusText }));
  showMessage(response.ok ? 'ok' : 'error', response.ok ? answer.message : 'Refused: ' + answer.error);
  refresh();
}
function showMessage(kind, text) {
  const box = document.getElementById('message');
  if (!box) return;
  box.replaceChildren(el('div', { class: 'message ' + kind, id: 'message-text' }, text));
}

// ---- views -------------------------------------------------------------------------------------
function runsView(data) {
  const rows = data.runs.map((run) => el('tr', { 'data-id': run.id },
    el('td', {}, runLink(run.id)),
    el('td', {}, run.shape === 'dag' ? 'pipeline' : (run.shape || '–')),
    el('td', {}, badge(run.state)),
    el('td', {}, run.problem ? el('span', { class: 'muted' }, run.problem) : progressCell(run)),
    el('td', { class: 'num' }, rate(run.rate)),
    el('td', { class: 'num' }, duration(run.etaSeconds)),
    el('td', { class: 'num' }, num(run.counts && run.counts.failed)),
    el('td', {}, ago(run.lastCommit))));
  const table = rows.length
    ? el('table', { id: 'runs' }, el('thead', {}, el('tr', {},
        ['Run', 'Kind', 'State', 'Progress', 'Rate', 'ETA', 'Failed', 'Last commit']
          .map((h, i) => el('th', { class: i >= 4 && i <= 6 ? 'num' : null }, h)))), el('tbody', {}, rows))
    : el('div', { class: 'empty', id: 'runs' }, 'No checkpoints under this root right now. Start a run (see the README), or look at the history below.');
  return [
    el('h1', {}, 'Runs'),
    el('p', { class: 'muted' }, 'Live and unfinished runs under ', el('code', {}, data.root),
      data.liveProbe ? '' : ' (live runs cannot be told apart on this system: states are read from the checkpoints only)'),
    table,
    ...(data.store ? storeRuns(data.store) : []),
    el('h2', {}, 'Recent history'),
    historyTable(data.history, 'recent-history')
  ];
}

// the runs of a PostgreSQL or Redis store (ratchet ui --store URL)
function storeRuns(store) {
  const rows = store.runs.map((run) => el('tr', { 'data-run-id': run.runId },
    el('td', {}, run.runId),
    el('td', {}, progressCell(run)),
    el('td', { class: 'num' }, num(run.counts.failed)),
    el('td', { class: 'num' }, num(run.counts.skipped)),
    el('td', { class: 'num' }, num(run.counts.inProgress))));
  return [
    el('h2', {}, 'Runs in ', el('code', {}, store.where)),
    store.error ? el('p', { class: 'notice', id: 'store-error' }, store.error) : null,
    rows.length
      ? el('table', { id: 'store-runs' }, el('thead', {}, el('tr', {},
          ['Run', 'Progress', 'Failed', 'Skipped', 'In progress']
            .map((h, i) => el('th', { class: i >= 2 ? 'num' : null }, h)))), el('tbody', {}, rows))
      : el('div', { class: 'empty', id: 'store-runs' }, 'No runs in this store.')
  ].filter((part) => part); // replaceChildren would show a null as text
}

function historyTable(records, id) {
  if (!records || !records.length) return el('div', { class: 'empty', id }, 'No run has ended here yet.');
  const rows = records.map((r) => el('tr', {},
    el('td', {}, ago(r.ended)),
    el('td', {}, r.store ? [r.runId || '–', ' ', el('span', { class: 'muted' }, 'in ' + r.checkpoint)] : runLink(r.id)),
    el('td', {}, r.manual ? [badge('manual', 'manual'), ' ', r.outcome, r.target ? ': ' + r.target : ''] : badge(r.outcome)),
    el('td', {}, r.shape === 'dag' ? 'pipeline' : (r.shape || '–')),
    el('td', { class: 'num' }, r.counts ? num(r.counts.done) : '–'),
    el('td', { class: 'num' }, r.counts ? num(r.counts.failed) : '–'),
    el('td', { class: 'num' }, r.manual ? '–' : duration((Date.parse(r.ended) - Date.parse(r.started)) / 1000)),
    el('td', {}, (r.user || '?') + '@' + (r.host || '?'))));
  return el('table', { id }, el('thead', {}, el('tr', {},
    ['Ended', 'Run', 'Outcome', 'Kind', 'Done', 'Failed', 'Took', 'By']
      .map((h, i) => el('th', { class: i >= 4 && i <= 6 ? 'num' : null }, h)))), el('tbody', {}, rows));
}

function stat(label, value, kind, id) {
  return el('div', { class: 'stat' + (kind ? ' ' + kind : ''), id }, el('div', { class: 'label' }, label), el('div', { class: 'value' }, value));
}

function runView(run) {
  const counts = run.counts || {};
  const parts = [
    el('h1', {}, run.id || '.'),
    el('div', { class: 'meta' },
      badge(run.state),
      run.shape ? el('span', {}, run.shape === 'dag' ? 'pipeline' : 'items') : null,
      el('span', {}, el('code', {}, run.path)),
      run.runId ? el('span', {}, 'run ', el('code', {}, run.runId)) : null,
      run.pid ? el('span', {}, 'held by pid ' + run.pid) : null,
      run.lastCommit ? el('span', {}, 'last commit ' + ago(run.lastCommit)) : null)
  ];
  if (!run.exists) parts.push(el('p', { class: 'notice' }, 'No checkpoint here now: the run finished and removed it, or it was cleared. Its history is below.'));
  if (run.problem) parts.push(el('p', { class: 'notice' }, run.problem));
  if (run.counts) {
    parts.push(el('div', { class: 'stats' },
      stat('Done', num(counts.done), 'ok', 'stat-done'),
      stat('Failed', num(counts.failed), counts.failed ? 'bad' : null, 'stat-failed'),
      stat('Skipped', num(counts.skipped), null, 'stat-skipped'),
      stat(run.live ? 'In flight' : 'Interrupted', num(counts.inProgress), null, 'stat-progress'),
      stat('Total', num(run.total), null, 'stat-total'),
      stat('Rate', rate(run.rate), null, 'stat-rate'),
      stat('ETA', duration(run.etaSeconds), null, 'stat-eta')));
    parts.push(progressCell(run));
  }
  parts.push(actionsBar(run));
  if (run.graph) parts.push(el('h2', {}, 'Steps'), graphView(run.graph), stepsTable(run));
  if (run.failed && run.failed.length) parts.push(el('h2', {}, 'Failed items (' + num(counts.failed) + ')'), failedTable(run));
  const unfinished = run.live ? run.inFlight : run.interrupted;
  if (unfinished && unfinished.length) {
    parts.push(el('h2', {}, run.live ? 'In flight' : 'Interrupted (in progress when a run died; they run again on resume)'),
      el('div', { class: 'keys', id: 'unfinished' }, unfinished.map((k) => el('code', {}, k))));
  }
  if (run.subSteps && run.subSteps.length) parts.push(el('h2', {}, 'Sub-steps of items'), subStepsTable(run.subSteps));
  parts.push(el('h2', {}, 'History of this checkpoint'), historyTable((run.history || []).map((r) => Object.assign({ id: run.id }, r)), 'run-history'));
  if (run.metadata) {
    parts.push(el('details', {}, el('summary', {}, 'Metadata'),
      el('table', {}, el('tbody', {}, Object.entries(run.metadata).map(([k, v]) => el('tr', {}, el('td', {}, el('code', {}, k)), el('td', {}, el('code', {}, v))))))));
  }
  return parts;
}

function canAct(run) { return run.actions && !run.live && run.exists; }

function actionsBar(run) {
  if (!run.actions) return el('p', { class: 'muted' }, 'Read-only: start ratchet ui with --allow-actions to retry, skip, rerun or clear.');
  const bar = el('div', { class: 'card actions' });
  const retryable = run.command && ((run.counts && (run.counts.failed || run.counts.inProgress)) || run.state === 'stopped');
  bar.append(
    el('button', { id: 'retry', disabled: !canAct(run) || !retryable, title: run.command ? run.command.join(' ') : 'no recorded command',
      onclick: () => act({ action: 'retry', id: run.id }) }, run.shape === 'dag' ? 'Resume (retry failed steps)' : 'Retry failed items'),
    el('button', { id: 'clear', class: 'danger', disabled: !canAct(run),
      onclick: () => confirm('Remove this checkpoint? Its history is kept.') && act({ action: 'clear', id: run.id }) }, 'Clear checkpoint'),
    el('span', { class: 'muted' }, run.live ? 'A live run holds this checkpoint: actions wait until it ends.' : ''));
  return el('div', {}, bar, el('div', { id: 'message' }));
}

function failedTable(run) {
  return el('table', { id: 'failed' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Item'), el('th', {}, 'Error'), run.actions ? el('th', {}, '') : null)),
    el('tbody', {}, run.failed.map((f) => el('tr', { 'data-key': f.key },
      el('td', {}, el('code', { class: 'item-key' }, f.key)),
      el('td', {}, el('pre', { class: 'text error-text' }, f.error || '')),
      run.actions ? el('td', {}, el('button', { class: 'small secondary', disabled: !canAct(run),
        onclick: () => act({ action: 'skip', id: run.id, key: f.key }) }, 'Skip')) : null))));
}

function stepsTable(run) {
  return el('table', { id: 'steps' },
    el('thead', {}, el('tr', {}, ['Step', 'State', 'Attempts', 'Error and log tail', ''].map((h) => el('th', {}, h)))),
    el('tbody', {}, run.graph.nodes.map((n) => el('tr', { 'data-step': n.name, id: 'step-' + n.layer + '-' + n.order },
      el('td', {}, el('code', {}, n.name)),
      el('td', {}, badge(n.state)),
      el('td', { class: 'num' }, num(n.attempts)),
      el('td', {}, n.error ? el('pre', { class: 'text error-text' }, n.error) : null,
        n.log && n.log.length ? el('pre', { class: 'log' }, n.log.join('\n')) : null),
      el('td', {}, run.actions && run.exists ? el('button', { class: 'small secondary', disabled: !canAct(run) || !run.command,
        onclick: () => act({ action: 'rerun', id: run.id, step: n.name }) }, 'Rerun from here') : null)))));
}

function graphView(graph) {
  const W = 132, H = 40, GX = 38, GY = 18, PAD = 10;
  const layers = Math.max(0, ...graph.nodes.map((n) => n.layer)) + 1;
  const rows = Math.max(1, ...graph.nodes.map((n) => n.order + 1));
  const at = {};
  graph.nodes.forEach((n) => { at[n.name] = { x: PAD + n.layer * (W + GX), y: PAD + n.order * (H + GY), node: n }; });
  const width = PAD * 2 + layers * W + (layers - 1) * GX, height = PAD * 2 + rows * H + (rows - 1) * GY;
  const root = svg('svg', { width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'pipeline graph' });
  root.appendChild(svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
    svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#9aa5b4' }))));
  for (const [from, to] of graph.edges) {
    const a = at[from], b = at[to];
    if (!a || !b) continue;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mid = (x1 + x2) / 2;
    root.appendChild(svg('path', { d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}`, fill: 'none', stroke: '#9aa5b4', 'stroke-width': 1.5, 'marker-end': 'url(#arrow)' }));
  }
  for (const { x, y, node } of Object.values(at)) {
    const color = STATE_COLORS[node.state] || '#c3cad4';
    const name = node.name.length > 16 ? node.name.slice(0, 15) + '…' : node.name;
    root.appendChild(svg('g', { class: 'node', 'data-step': node.name, 'data-state': node.state },
      svg('title', {}, node.name + ': ' + node.state),
      svg('rect', { x, y, width: W, height: H, rx: 7, fill: '#fff', stroke: color, 'stroke-width': 2 }),
      svg('rect', { x, y, width: 6, height: H, rx: 3, fill: color }),
      svg('text', { x: x + 14, y: y + 17, fill: '#1d2330', 'font-weight': 600 }, name),
      svg('text', { x: x + 14, y: y + 32, fill: color }, node.state.replace(/_/g, ' '))));
  }
  return el('div', { class: 'card graph', id: 'graph' }, root);
}

function subStepsTable(items) {
  return el('table', { id: 'substeps' },
    el('thead', {}, el('tr', {}, ['Item', 'State', 'Attempts', 'Memoized sub-steps'].map((h) => el('th', {}, h)))),
    el('tbody', {}, items.map((i) => el('tr', {},
      el('td', {}, el('code', {}, i.key)), el('td', {}, badge(i.state)), el('td', { class: 'num' }, num(i.attempts)),
      el('td', {}, i.steps.map((s) => el('div', {}, el('code', {}, s.name), ' = ', el('code', {}, s.value))))))));
}

// ---- the page: route, token, polling -------------------------------------------------------------
const route = {
  view: location.pathname === '/history' ? 'history' : location.pathname === '/run' ? 'run' : 'runs',
  id: new URLSearchParams(location.search).get('id')
};

function tokenBox(actions) {
  if (!actions) return null;
  const input = el('input', { type: 'password', id: 'token', placeholder: 'token from the terminal', value: token.get(),
    oninput: (e) => token.set(e.target.value), onchange: (e) => token.set(e.target.value) });
  const by = el('input', { type: 'text', id: 'by', placeholder: 'your name (for the history)', value: localStorage.getItem('ratchet.by') || '',
    oninput: (e) => localStorage.setItem('ratchet.by', e.target.value),
    onchange: (e) => localStorage.setItem('ratchet.by', e.target.value) });
  return el('div', { class: 'card actions', id: 'who' }, el('strong', {}, 'Actions'), input, by,
    el('span', { class: 'muted' }, 'Each action is recorded in the history with this name.'));
}

let whoShown = false;
let lastText = null;
// Polls the view's JSON; the page is rebuilt only when the data changed, so a quiet run's buttons
// stay the same elements between polls.
async function refresh() {
  const main = document.getElementById('main');
  const dot = document.getElementById('live');
  try {
    const url = route.view === 'runs' ? '/api/runs' : route.view === 'history' ? '/api/history'
      : '/api/run?id=' + encodeURIComponent(route.id || '');
    const data = await getJson(url);
    dot.classList.add('on');
    const text = JSON.stringify(data);
    if (text === lastText) return;
    lastText = text;
    if (route.view === 'runs') {
      main.replaceChildren(...runsView(data));
    } else if (route.view === 'history') {
      main.replaceChildren(el('h1', {}, 'History'), el('p', { class: 'muted' }, num(data.total) + ' records, newest first.'),
        ...(data.storeError ? [el('p', { class: 'notice', id: 'store-error' }, data.storeError)] : []), historyTable(data.records, 'history'));
    } else {
      const message = document.getElementById('message');
      const kept = message ? Array.from(message.childNodes) : [];
      main.replaceChildren(...runView(data));
      const box = document.getElementById('message');
      if (box && kept.length) box.replaceChildren(...kept);
      if (!whoShown && data.actions) {
        whoShown = true;
        document.querySelector('header').after(el('div', { class: 'who-wrap' }, tokenBox(true)));
      }
    }
    if (data.root) document.getElementById('root').textContent = data.root;
  } catch (error) {
    dot.classList.remove('on');
    lastText = null;
    main.replaceChildren(el('p', { class: 'notice', id: 'load-error' }, 'Cannot load: ' + error.message));
  }
}

token.takeFromUrl();
document.getElementById(route.view === 'history' ? 'nav-history' : 'nav-runs').classList.add('here');
refresh();
setInterval(refresh, POLL_MS);
