// The wallboard page's three files, kept as strings so the bundled relay (esbuild, one file) serves
// them without reading its own source tree. Plain browser JavaScript: no framework, no third party.

export const WALLBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Switchboard wallboard</title>
<link rel="stylesheet" href="/wallboard.css">
<script src="/wallboard.js" defer></script>
</head>
<body>
<header>
  <h1>Switchboard wallboard</h1>
  <p id="status" role="status">Connecting…</p>
</header>
<main>
  <section aria-labelledby="queues-title">
    <h2 id="queues-title">Queues</h2>
    <div id="queues" class="queues"></div>
  </section>
  <section aria-labelledby="agents-title">
    <h2 id="agents-title">Agents</h2>
    <table id="agents">
      <thead><tr><th scope="col">Agent</th><th scope="col">State</th><th scope="col">Time in state</th><th scope="col">Queues</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
</body>
</html>
`;

export const WALLBOARD_CSS = `:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --fg: #111418; --muted: #4a5360; --tile: #ffffff; --line: #c9ced6;
  --good: #0b6b2e; --warn: #8a5300; --bad: #a3141d;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1216; --fg: #f1f3f5; --muted: #b5bdc8; --tile: #1a1f26; --line: #394250; --good: #6fdc8c; --warn: #f1c21b; --bad: #ff8389; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); padding: 1.5rem 2rem; }
header { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
h1 { font-size: clamp(1.5rem, 2.5vw, 2.5rem); margin: 0 0 1rem; }
h2 { font-size: clamp(1.25rem, 2vw, 2rem); margin: 1.5rem 0 .75rem; color: var(--muted); }
#status { font-size: clamp(1rem, 1.6vw, 1.5rem); margin: 0; color: var(--muted); }
#status[data-state="live"] { color: var(--good); }
#status[data-state="problem"] { color: var(--bad); }
.queues { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 34rem), 1fr)); gap: 1.25rem; }
.tile { background: var(--tile); border: 2px solid var(--line); border-radius: 1rem; padding: 1.25rem 1.5rem; }
.tile h3 { font-size: clamp(1.5rem, 2.4vw, 2.5rem); margin: 0 0 .5rem; text-transform: capitalize; }
dl { margin: 0; display: grid; gap: .75rem 1.5rem; }
dl.big { grid-template-columns: repeat(3, 1fr); }
dl.small { grid-template-columns: repeat(4, 1fr); margin-top: 1rem; border-top: 1px solid var(--line); padding-top: 1rem; }
dt { color: var(--muted); font-size: clamp(.9rem, 1.2vw, 1.25rem); }
dd { margin: 0; font-variant-numeric: tabular-nums; font-weight: 700; }
dl.big dd { font-size: clamp(3rem, 7vw, 7rem); line-height: 1.05; }
dl.small dd { font-size: clamp(1.5rem, 2.6vw, 2.75rem); }
dd[data-level="good"] { color: var(--good); }
dd[data-level="warn"] { color: var(--warn); }
dd[data-level="bad"] { color: var(--bad); }
table { width: 100%; border-collapse: collapse; font-size: clamp(1.1rem, 1.8vw, 2rem); }
th, td { text-align: left; padding: .4rem .75rem; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; }
.state-available { color: var(--good); font-weight: 700; }
.state-on_call, .state-wrap_up { color: var(--warn); font-weight: 700; }
.state-away, .state-offline { color: var(--muted); }
`;

export const WALLBOARD_JS = `'use strict';
(function () {
  var statusEl, queuesEl, agentsBody;
  var kpis = null;
  var agents = new Map();
  var attempt = 0;

  function token() {
    var match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
    if (match) {
      sessionStorage.setItem('switchboard.wallboard.token', decodeURIComponent(match[1]));
      // The token leaves the address bar (and this history entry) at once.
      history.replaceState(null, '', location.pathname);
    }
    return sessionStorage.getItem('switchboard.wallboard.token');
  }

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.dataset.state = state;
  }

  function duration(secs) {
    if (secs === null || secs === undefined) return '–';
    secs = Math.max(0, Math.round(secs));
    var h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), s = secs % 60;
    var mm = (h ? String(m).padStart(2, '0') : String(m));
    return (h ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0');
  }

  function percent(value) {
    return value === null || value === undefined ? '–' : Math.round(value * 100) + '%';
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function metric(list, label, key) {
    var wrap = el('div');
    wrap.appendChild(el('dt', {}, label));
    wrap.appendChild(el('dd', { 'data-kpi': key }, '–'));
    list.appendChild(wrap);
  }

  function tile(queue) {
    var id = 'queue-' + queue.replace(/[^A-Za-z0-9_-]/g, '_');
    var article = document.getElementById(id);
    if (article) return article;
    article = el('article', { id: id, class: 'tile', 'data-queue': queue, 'aria-labelledby': id + '-name' });
    article.appendChild(el('h3', { id: id + '-name' }, queue));
    var big = el('dl', { class: 'big' });
    metric(big, 'Waiting', 'waiting');
    metric(big, 'Longest waiting', 'longest_waiting');
    metric(big, 'Service level today', 'service_level');
    article.appendChild(big);
    var small = el('dl', { class: 'small' });
    metric(small, 'Offered today', 'offered');
    metric(small, 'Answered today', 'answered');
    metric(small, 'Abandoned today', 'abandoned');
    metric(small, 'Service level 15 min', 'service_level_15m');
    metric(small, 'Average wait', 'average_wait');
    metric(small, 'Longest wait', 'longest_wait');
    metric(small, 'Average handle time', 'average_handle');
    metric(small, 'Agents available', 'agents_available');
    metric(small, 'On call', 'agents_on_call');
    metric(small, 'Wrap-up', 'agents_wrap_up');
    metric(small, 'Away', 'agents_away');
    article.appendChild(small);
    queuesEl.appendChild(article);
    return article;
  }

  function put(article, key, text, level) {
    var dd = article.querySelector('[data-kpi="' + key + '"]');
    if (dd.textContent !== text) dd.textContent = text;
    if (level) dd.dataset.level = level; else delete dd.dataset.level;
  }

  function renderQueues() {
    if (!kpis) return;
    var now = Date.now();
    var byQueue = new Map();
    kpis.queues.forEach(function (k) {
      var entry = byQueue.get(k.queue) || {};
      entry[k.window] = k;
      byQueue.set(k.queue, entry);
    });
    byQueue.forEach(function (w, queue) {
      var today = w.today, recent = w['15m'];
      if (!today || !recent) return;
      var article = tile(queue);
      var sl = today.service_level;
      put(article, 'waiting', String(today.waiting), today.waiting > 0 ? 'warn' : null);
      put(article, 'longest_waiting', today.oldest_waiting_since === null ? '–' : duration((now - today.oldest_waiting_since) / 1000), null);
      put(article, 'service_level', percent(sl), sl === null ? null : sl >= 0.8 ? 'good' : sl >= 0.6 ? 'warn' : 'bad');
      put(article, 'offered', String(today.offered));
      put(article, 'answered', String(today.answered));
      put(article, 'abandoned', String(today.abandoned), today.abandoned > 0 ? 'bad' : null);
      put(article, 'service_level_15m', percent(recent.service_level));
      put(article, 'average_wait', duration(today.average_wait_secs));
      put(article, 'longest_wait', duration(today.longest_wait_secs));
      put(article, 'average_handle', duration(today.average_handle_secs));
      put(article, 'agents_available', String(today.agents_available));
      put(article, 'agents_on_call', String(today.agents_on_call));
      put(article, 'agents_wrap_up', String(today.agents_wrap_up));
      put(article, 'agents_away', String(today.agents_away));
    });
  }

  var STATE_NAMES = { available: 'Available', on_call: 'On call', wrap_up: 'Wrap-up', away: 'Away', offline: 'Offline' };

  function renderAgents() {
    var now = Date.now();
    var rows = Array.from(agents.values()).sort(function (a, b) { return a.agent_id < b.agent_id ? -1 : 1; });
    agentsBody.textContent = '';
    rows.forEach(function (a) {
      var tr = el('tr', { 'data-agent': a.agent_id });
      tr.appendChild(el('td', {}, a.agent_id));
      var state = STATE_NAMES[a.state] || a.state;
      tr.appendChild(el('td', { class: 'state-' + a.state }, a.reason ? state + ' (' + a.reason + ')' : state));
      tr.appendChild(el('td', { class: 'num' }, duration((now - Date.parse(a.since)) / 1000)));
      tr.appendChild(el('td', {}, a.queues.join(', ')));
      agentsBody.appendChild(tr);
    });
  }

  function connect(bearer) {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/v1/events?presence=1&types=none';
    var ws = new WebSocket(url, ['switchboard.v1', 'bearer.' + bearer]);
    ws.onopen = function () { attempt = 0; };
    ws.onmessage = function (message) {
      var frame = JSON.parse(message.data);
      if (frame.type === 'live') setStatus('Live', 'live');
      else if (frame.type === 'kpis') { kpis = frame; renderQueues(); }
      else if (frame.type === 'presence') {
        if (frame.snapshot) agents.clear();
        frame.agents.forEach(function (a) { agents.set(a.agent_id, a); });
        renderAgents();
      }
    };
    ws.onclose = function (event) {
      if (event.code === 4401) return setStatus('The token expired: open the wallboard with a fresh supervisor token.', 'problem');
      attempt++;
      var delay = Math.min(30000, 500 * Math.pow(2, attempt)) * Math.random();
      setStatus('Disconnected: reconnecting…', 'problem');
      setTimeout(function () { connect(bearer); }, delay);
    };
  }

  document.addEventListener('DOMContentLoaded', function () {
    statusEl = document.getElementById('status');
    queuesEl = document.getElementById('queues');
    agentsBody = document.querySelector('#agents tbody');
    var bearer = token();
    if (!bearer) return setStatus('Open this page as /wallboard#token=<supervisor token>.', 'problem');
    connect(bearer);
    setInterval(function () { renderQueues(); renderAgents(); }, 1000);
  });
})();
`;
