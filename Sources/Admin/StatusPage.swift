import Crypto
import Foundation
import HTTP1
import HTTPServer

/// The `/status` page for browsers: one self-contained HTML document (inline CSS and script,
/// no external assets, works offline) that holds no data. It asks for the admin token once,
/// keeps it in `sessionStorage` (never in the URL), fetches the JSON report with
/// `Authorization: Bearer` every few seconds and draws it. Every value that came from Zoom or
/// Kaltura is put into the page as text (`textContent`, `createTextNode`), never as markup.
///
/// Its `Content-Security-Policy` allows only this response's own script and style, by a
/// per-response nonce, and requests to this origin (`connect-src 'self'`: the report and the
/// retry calls); nothing is loaded from anywhere, and no page may frame it.
public enum StatusPage {
    /// The page's answer, with a fresh nonce.
    public static func response() -> Response {
        let nonce = Data(Digest.randomBytes(18)).base64EncodedString()
        let policy = "default-src 'none'; script-src 'nonce-\(nonce)'; style-src 'nonce-\(nonce)'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        return Response(status: .ok, headers: HTTPHeaders([
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Security-Policy", policy),
            ("Cache-Control", "no-store"),
            ("Vary", "Accept"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
        ]), body: Array(html.replacingOccurrences(of: "{{nonce}}", with: nonce).utf8))
    }

    /// The document; `{{nonce}}` is replaced per response.
    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>zoom2kaltura status</title>
        <style nonce="{{nonce}}">
        \(css)
        </style>
        </head>
        <body>
        <header>
          <h1>zoom2kaltura</h1>
          <span id="headline" class="muted"></span>
          <span class="spacer"></span>
          <span id="refreshed" class="muted"></span>
          <button id="forget" type="button" hidden>Forget token</button>
        </header>
        <p id="banner" class="banner" hidden></p>
        <form id="login" autocomplete="off" hidden>
          <h2>Admin token</h2>
          <p>The page fetches the status with the service's admin token (<code>ADMIN_TOKEN</code>;
          in sandbox mode the file <code>data/admin-token</code>). It is kept in this tab's
          session storage only, and never sent in a URL.</p>
          <label for="token">Token</label>
          <input id="token" name="token" type="password" required spellcheck="false">
          <button id="login-submit" type="submit">Show status</button>
          <p id="login-message" class="error"></p>
        </form>
        <main id="dashboard" hidden>
          <section id="overview" aria-label="Overview">
            <div id="jobs" class="tiles"></div>
          </section>
          <div class="columns">
            <section id="service-section"><h2>Service</h2><dl id="service"></dl></section>
            <section id="webhooks-section"><h2>Webhooks</h2><dl id="webhooks"></dl></section>
            <section id="peers-section"><h2>Peers</h2><div id="peers"></div></section>
          </div>
          <section id="progress-section">
            <h2>Copies in flight</h2>
            <div id="progress"></div>
          </section>
          <section id="throughput-section">
            <h2>Throughput, last hour <span id="throughput-total" class="muted"></span></h2>
            <div id="throughput"></div>
          </section>
          <section id="failures-section">
            <h2>Recent failures <span id="failures-count" class="muted"></span></h2>
            <table id="failures">
              <thead><tr><th>Job</th><th>Meeting</th><th>Host</th><th>Reason</th><th>Attempts</th><th>Failed</th><th></th></tr></thead>
              <tbody></tbody>
            </table>
            <p id="failures-empty" class="muted" hidden>No failed jobs.</p>
          </section>
          <section id="configuration-section">
            <details><summary>Configuration (secrets masked)</summary><table id="configuration"><tbody></tbody></table></details>
          </section>
        </main>
        <script nonce="{{nonce}}">
        \(script)
        </script>
        </body>
        </html>

        """

    static let css = """
        :root { color-scheme: light dark; --fg: #1d2329; --muted: #5f6b76; --bg: #f6f7f9; --card: #fff; --line: #d9dee3;
          --accent: #1769c2; --ok: #1f8a4c; --bad: #c4302b; --warn: #b26a00; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6e9ec; --muted: #9aa5b1; --bg: #14181c; --card: #1c2227;
          --line: #323a42; --accent: #5aa2f0; --ok: #4cc47f; --bad: #f06a64; --warn: #e0a040; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          color: var(--fg); background: var(--bg); }
        header { display: flex; align-items: baseline; gap: 12px; padding: 12px 20px; background: var(--card);
          border-bottom: 1px solid var(--line); }
        h1 { font-size: 18px; margin: 0; }
        h2 { font-size: 15px; margin: 0 0 8px; }
        .spacer { flex: 1; }
        .muted { color: var(--muted); font-weight: normal; }
        .error { color: var(--bad); }
        .banner { margin: 12px 20px; padding: 8px 12px; border-radius: 6px; background: var(--bad); color: #fff; }
        main, form { padding: 16px 20px; max-width: 1280px; }
        form { background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin: 24px 20px; max-width: 560px; }
        form input { width: 100%; padding: 8px; margin: 6px 0 10px; font: inherit; border: 1px solid var(--line);
          border-radius: 6px; background: var(--bg); color: var(--fg); }
        button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid var(--accent);
          background: var(--accent); color: #fff; cursor: pointer; }
        button.secondary, header button { background: transparent; color: var(--accent); }
        button:disabled { opacity: .6; cursor: default; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px;
          margin-bottom: 16px; }
        #overview { background: transparent; border: 0; padding: 0; }
        .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(110px, 1fr)); gap: 10px; }
        .tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
        .tile .n { font-size: 24px; font-weight: 600; }
        .tile.failed .n { color: var(--bad); } .tile.done .n { color: var(--ok); } .tile.running .n { color: var(--accent); }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
        dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 5px 8px; border-top: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; border-top: 0; }
        td.reason { overflow-wrap: anywhere; max-width: 420px; }
        .ok { color: var(--ok); } .bad { color: var(--bad); }
        .transfer { padding: 8px 0; border-top: 1px solid var(--line); }
        .transfer:first-child { border-top: 0; }
        .transfer .title { display: flex; gap: 8px; align-items: baseline; }
        .transfer .title .topic { font-weight: 600; }
        .bar { height: 10px; background: var(--line); border-radius: 5px; overflow: hidden; margin: 5px 0 3px; }
        .bar .fill { height: 100%; background: var(--accent); width: 0; transition: width .4s; }
        .spark { width: 100%; height: 70px; display: block; }
        .spark-axis { display: flex; justify-content: space-between; font-size: 11px; }
        .spark .area { fill: var(--accent); opacity: .15; } .spark .line { fill: none; stroke: var(--accent); stroke-width: 1.5; }
        .spark .axis { stroke: var(--line); }
        code { font-size: 12px; }
        """

    static let script = #"""
        (function () {
          'use strict';
          var KEY = 'zoom2kaltura.adminToken';
          var REFRESH_MS = 3000;
          var STATES = ['queued', 'running', 'waiting', 'held', 'skipped', 'done', 'failed'];
          var timer = null;
          var renders = 0;
          // What the last Retry of each job answered, shown on its row until the job leaves the table.
          var retried = {};

          function byId(id) { return document.getElementById(id); }

          // Builds an element; every child string becomes a text node (never markup).
          function el(tag, className, children) {
            var node = document.createElement(tag);
            if (className) { node.className = className; }
            (children || []).forEach(function (child) {
              node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
            });
            return node;
          }
          function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
          function text(value) { return value === null || value === undefined ? '-' : String(value); }

          function bytes(n) {
            if (n === null || n === undefined) { return '-'; }
            var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
            var i = 0;
            while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
            return (i === 0 ? String(n) : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
          }
          function duration(seconds) {
            if (seconds === null || seconds === undefined) { return '-'; }
            seconds = Math.max(0, Math.round(seconds));
            var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
            if (h > 0) { return h + ' h ' + m + ' min'; }
            if (m > 0) { return m + ' min ' + s + ' s'; }
            return s + ' s';
          }
          function ago(iso) {
            if (!iso) { return 'never'; }
            var t = Date.parse(iso);
            if (isNaN(t)) { return iso; }
            return duration((Date.now() - t) / 1000) + ' ago';
          }
          function timeNode(iso) {
            var node = el('span', null, [ago(iso)]);
            if (iso) { node.title = iso; }
            return node;
          }
          function definitions(target, rows) {
            clear(target);
            rows.forEach(function (row) {
              target.appendChild(el('dt', null, [row[0]]));
              var value = row[1];
              target.appendChild(typeof value === 'string' ? el('dd', row[2] || null, [value]) : el('dd', null, [value]));
            });
          }

          function banner(message) {
            var node = byId('banner');
            node.textContent = message || '';
            node.hidden = !message;
          }

          function showLogin(message) {
            if (timer) { clearTimeout(timer); timer = null; }
            byId('dashboard').hidden = true;
            byId('forget').hidden = true;
            byId('login').hidden = false;
            byId('login-message').textContent = message || '';
            byId('token').focus();
          }

          function schedule() {
            if (timer) { clearTimeout(timer); }
            timer = setTimeout(refresh, REFRESH_MS);
          }

          function refresh() {
            var token = sessionStorage.getItem(KEY);
            if (!token) { showLogin(''); return; }
            fetch('/status', { headers: { 'Accept': 'application/json', 'Authorization': 'Bearer ' + token },
                               cache: 'no-store', credentials: 'omit' })
              .then(function (response) {
                if (response.status === 401) {
                  sessionStorage.removeItem(KEY);
                  showLogin('The service refused this token.');
                  return null;
                }
                if (!response.ok) { throw new Error('the service answered HTTP ' + response.status); }
                return response.json();
              })
              .then(function (report) {
                if (report) { banner(''); render(report); schedule(); }
              })
              .catch(function (error) {
                banner('Cannot read the status: ' + error.message + '. Retrying.');
                schedule();
              });
          }

          function render(report) {
            byId('login').hidden = true;
            byId('dashboard').hidden = false;
            byId('forget').hidden = false;
            byId('headline').textContent = 'version ' + report.version + (report.sandbox ? ' \u00b7 sandbox mode' : '');
            byId('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
            renderJobs(report.jobs || {});
            renderService(report);
            renderWebhooks(report.webhooks || {}, report.last_webhook_at);
            renderPeers(report.peers || {});
            renderTransfers(report.transfers || []);
            renderThroughput(report.throughput_last_hour || []);
            renderFailures(report.failures || []);
            renderConfiguration(report.configuration || []);
            renders += 1;
            document.body.setAttribute('data-renders', String(renders));
          }

          function renderJobs(jobs) {
            var target = byId('jobs');
            clear(target);
            STATES.forEach(function (state) {
              var tile = el('div', 'tile ' + state, [el('div', 'n', [text(jobs[state] || 0)]), el('div', 'muted', [state])]);
              tile.setAttribute('data-state', state);
              target.appendChild(tile);
            });
          }

          function renderService(report) {
            definitions(byId('service'), [
              ['uptime', duration(report.uptime_seconds)],
              ['started', timeNode(report.started_at)],
              ['job store', text(report.store), report.store === 'ready' ? 'ok' : 'bad'],
              ['mode', report.sandbox ? 'sandbox (built-in simulators)' : 'production']
            ]);
          }

          function renderWebhooks(webhooks, lastAt) {
            var results = webhooks.by_result || {};
            var parts = Object.keys(results).sort().filter(function (k) { return results[k] > 0; })
              .map(function (k) { return k + ' ' + results[k]; });
            definitions(byId('webhooks'), [
              ['last hour', text(webhooks.last_hour)],
              ['last day', text(webhooks.last_day)],
              ['last stored', timeNode(lastAt)],
              ['since start', parts.length ? parts.join(', ') : 'none']
            ]);
          }

          function renderPeers(peers) {
            var target = byId('peers');
            clear(target);
            var table = el('table', null, [el('thead', null, [el('tr', null,
              [el('th', null, ['Peer']), el('th', null, ['State']), el('th', null, ['Last success']), el('th', null, ['Last error'])])])]);
            var body = el('tbody');
            Object.keys(peers).sort().forEach(function (name) {
              var peer = peers[name];
              var state = peer.ok ? el('span', 'ok', ['ok']) : el('span', 'bad', ['problem since ' + ago(peer.since) + ': ' + text(peer.problem)]);
              var lastError = peer.last_error ? el('span', null, [peer.last_error + ' (' + ago(peer.last_error_at) + ')']) : el('span', 'muted', ['none']);
              var row = el('tr', null, [el('td', null, [name]), el('td', null, [state]), el('td', null, [timeNode(peer.last_success_at)]),
                                        el('td', 'reason', [lastError])]);
              row.setAttribute('data-peer', name);
              body.appendChild(row);
            });
            table.appendChild(body);
            target.appendChild(table);
          }

          function renderTransfers(transfers) {
            var target = byId('progress');
            clear(target);
            if (!transfers.length) {
              target.appendChild(el('p', 'muted empty', ['No copies in flight.']));
              return;
            }
            transfers.forEach(function (t) {
              var percent = t.total > 0 ? Math.min(100, 100 * t.bytes / t.total) : 0;
              var fill = el('div', 'fill');
              fill.style.width = percent.toFixed(1) + '%';
              var bar = el('div', 'bar', [fill]);
              bar.setAttribute('role', 'progressbar');
              bar.setAttribute('aria-valuemin', '0');
              bar.setAttribute('aria-valuemax', '100');
              bar.setAttribute('aria-valuenow', percent.toFixed(0));
              var detail = bytes(t.bytes) + ' of ' + bytes(t.total) + ' (' + percent.toFixed(0) + ' %)'
                + ' \u00b7 ' + (t.rate_bytes_per_second ? bytes(t.rate_bytes_per_second) + '/s' : 'starting')
                + ' \u00b7 ETA ' + duration(t.eta_seconds);
              var row = el('div', 'transfer', [
                el('div', 'title', [el('span', 'topic', [text(t.topic)]), el('span', 'muted', ['job ' + t.job_id + ' \u00b7 file ' + t.file_id + ' \u00b7 ' + t.owner])]),
                bar,
                el('div', 'muted detail', [detail])
              ]);
              row.setAttribute('data-job', String(t.job_id));
              target.appendChild(row);
            });
          }

          function renderThroughput(perMinute) {
            var target = byId('throughput');
            clear(target);
            var ns = 'http://www.w3.org/2000/svg';
            var width = 600, height = 70, top = 4, bottom = 69;
            var peak = Math.max.apply(null, perMinute.concat([0]));
            var max = Math.max(peak, 1);
            var total = perMinute.reduce(function (a, b) { return a + b; }, 0);
            byId('throughput-total').textContent = bytes(total) + ' copied, peak ' + bytes(peak) + ' per minute';
            var svg = document.createElementNS(ns, 'svg');
            svg.setAttribute('class', 'spark');
            svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
            svg.setAttribute('preserveAspectRatio', 'none');
            svg.setAttribute('role', 'img');
            svg.setAttribute('aria-label', 'bytes copied per minute over the last hour');
            var step = perMinute.length > 1 ? width / (perMinute.length - 1) : width;
            var points = perMinute.map(function (v, i) {
              return (i * step).toFixed(1) + ',' + (bottom - (bottom - top) * v / max).toFixed(1);
            });
            function shape(name, cls, attrs) {
              var node = document.createElementNS(ns, name);
              node.setAttribute('class', cls);
              Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
              svg.appendChild(node);
              return node;
            }
            shape('line', 'axis', { x1: 0, y1: bottom, x2: width, y2: bottom });
            if (points.length) {
              shape('polygon', 'area', { points: '0,' + bottom + ' ' + points.join(' ') + ' ' + width + ',' + bottom });
              shape('polyline', 'line', { points: points.join(' ') });
            }
            target.appendChild(svg);
            target.appendChild(el('div', 'spark-axis muted', [el('span', null, ['60 min ago']), el('span', null, ['now'])]));
          }

          function renderFailures(failures) {
            var body = byId('failures').tBodies[0];
            clear(body);
            byId('failures-count').textContent = failures.length ? '(' + failures.length + ')' : '';
            byId('failures-empty').hidden = failures.length > 0;
            failures.forEach(function (f) {
              var button = el('button', 'secondary retry', ['Retry']);
              button.type = 'button';
              var outcome = el('span', 'muted outcome', [retried[f.job_id] || '']);
              button.addEventListener('click', function () { retry(f.job_id, button, outcome); });
              var meeting = el('td', 'topic', [el('div', null, [text(f.topic)]), el('div', 'muted', [text(f.meeting_uuid)])]);
              var row = el('tr', null, [el('td', null, [String(f.job_id)]), meeting, el('td', null, [text(f.host_email)]),
                                        el('td', 'reason', [text(f.reason)]), el('td', null, [String(f.attempts)]),
                                        el('td', null, [timeNode(f.failed_at)]), el('td', null, [button, outcome])]);
              row.setAttribute('data-job', String(f.job_id));
              body.appendChild(row);
            });
          }

          function retry(id, button, outcome) {
            var token = sessionStorage.getItem(KEY);
            if (!token) { showLogin(''); return; }
            button.disabled = true;
            outcome.textContent = ' retrying\u2026';
            fetch('/jobs/' + encodeURIComponent(String(id)) + '/retry',
                  { method: 'POST', headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' },
                    cache: 'no-store', credentials: 'omit' })
              .then(function (response) {
                return response.json().catch(function () { return {}; }).then(function (body) {
                  if (response.ok) {
                    retried[id] = ' queued again at ' + new Date().toLocaleTimeString();
                    outcome.textContent = retried[id];
                    refresh();
                    return;
                  }
                  button.disabled = false;
                  outcome.textContent = ' ' + (body.detail || ('HTTP ' + response.status));
                });
              })
              .catch(function (error) { button.disabled = false; outcome.textContent = ' ' + error.message; });
          }

          function renderConfiguration(items) {
            var body = byId('configuration').tBodies[0];
            clear(body);
            items.forEach(function (item) {
              body.appendChild(el('tr', null, [el('td', null, [el('code', null, [text(item.name)])]), el('td', null, [text(item.value)])]));
            });
          }

          byId('login').addEventListener('submit', function (event) {
            event.preventDefault();
            var value = byId('token').value.trim();
            if (!value) { return; }
            sessionStorage.setItem(KEY, value);
            byId('token').value = '';
            byId('login-message').textContent = '';
            refresh();
          });
          byId('forget').addEventListener('click', function () {
            sessionStorage.removeItem(KEY);
            showLogin('');
          });
          refresh();
        })();
        """#
}
