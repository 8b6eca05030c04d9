#!/usr/bin/env python3
"""Check: the /status page in a real browser (headless Chromium over the DevTools protocol).

Starts the debug binary in sandbox mode (see metrics.sandbox.py) and waits until the sample's
jobs have ended (one of them `failed`: its file is the Zoom simulator's HTML error page, and its
topic is `Lab tour <script>alert(1)</script>`). Then Chromium loads /status as a browser does
(Accept: text/html): the page must come without the token, under its Content-Security-Policy;
the check types the admin token into the page's form, waits for the dashboard and checks it:
job counts, the progress section, the failures table (the failed job, its reason, a Retry
button, the topic shown as text: no script element, no dialog), peers, the sparkline, no CSP
violation, no script error, the token in sessionStorage but never in the URL or the document.
The sample's copies end in under a second, so to see progress bars the check then adds one
in-flight transfer (with markup in its topic) to the live /status answers through DevTools'
Fetch interception, and checks its bar, rate and ETA. It saves a screenshot to
.build/test-output/status-page.png, and last presses Retry on the failed job and checks that
the page sent `POST /jobs/{id}/retry` with the bearer token and showed the answer.

Needs: python3 with `websocket-client` (pinned in scripts/check-requirements.txt: run through
scripts/run-checks.sh, which sets CHECK_VENV; this script re-runs itself with
$CHECK_VENV/bin/python when its own python lacks the package), Debian's `chromium` and a font
(`fonts-dejavu-core`) (both in scripts/install-deps.sh; $CHROMIUM names another binary), and the
debug build. Exits non-zero on failure.
"""
import base64
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

try:
    import websocket  # websocket-client
except ImportError:
    if os.environ.get("CHECK_VENV") and not os.environ.get("STATUS_PAGE_IN_VENV"):
        os.environ["STATUS_PAGE_IN_VENV"] = "1"
        venv_python = os.path.join(os.environ["CHECK_VENV"], "bin", "python")
        os.execv(venv_python, [venv_python] + sys.argv)
    sys.exit("status-page: FAILED: the websocket-client package is missing (run through scripts/run-checks.sh)")

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("sandbox", os.path.join(here, "metrics.sandbox.py"))
sandbox = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sandbox)
CheckFailed = sandbox.CheckFailed

SCREENSHOT = os.path.join(sandbox.ROOT, ".build", "test-output", "status-page.png")
MARKUP = "Lab tour <script>alert(1)</script>"
INFLIGHT_TOPIC = 'Seminar <img src=x onerror="alert(2)"> & more'


class Browser:
    """Headless Chromium and one page, driven over the DevTools protocol."""

    def __init__(self):
        self.binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
        if not self.binary:
            raise CheckFailed("chromium is missing: install Debian's chromium package (scripts/install-deps.sh)")
        self.profile = tempfile.mkdtemp(prefix="z2k-chromium-")
        self.process = None
        self.socket = None
        self.next_id = 0
        self.responses = {}
        self.events = []
        self.handlers = {}

    def __enter__(self):
        self.process = subprocess.Popen(
            [self.binary, "--headless=new", "--remote-debugging-port=0", f"--user-data-dir={self.profile}",
             "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--disable-sync", "--hide-scrollbars",
             "--window-size=1280,900", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        active = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 60
        while not (os.path.exists(active) and open(active).read().count("\n") >= 1):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise CheckFailed("chromium did not start: " + self.process.stderr.read(4000).decode(errors="replace"))
            time.sleep(0.1)
        port = int(open(active).read().split("\n")[0])
        deadline = time.monotonic() + 30
        while True:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
                pages = [t for t in json.load(response) if t.get("type") == "page"]
            if pages or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if not pages:
            raise CheckFailed("chromium shows no page target")
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        return self

    def __exit__(self, *exc):
        if self.socket:
            self.socket.close()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
        return False

    def _receive(self, timeout):
        self.socket.settimeout(timeout)
        try:
            message = json.loads(self.socket.recv())
        except websocket.WebSocketTimeoutException:
            return
        if "id" in message:
            self.responses[message["id"]] = message
        elif message.get("method") in self.handlers:
            self.handlers[message["method"]](message.get("params", {}))
        else:
            self.events.append(message)

    def call(self, method, **params):
        self.next_id += 1
        ident = self.next_id
        self.socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + 60
        while ident not in self.responses:
            if time.monotonic() > deadline:
                raise CheckFailed(f"no answer to {method}")
            self._receive(5)
        message = self.responses.pop(ident)
        if "error" in message:
            raise CheckFailed(f"{method} failed: {message['error']}")
        return message.get("result", {})

    def pump(self, seconds):
        """Handles events for a while."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._receive(max(0.01, deadline - time.monotonic()))

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise CheckFailed(f"page script failed: {expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_until(self, expression, what, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CheckFailed(f"timed out waiting for {what}")
            self.pump(0.1)

    def click(self, selector):
        box = self.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                            f" return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
        self.evaluate(f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'center'}})")
        box = self.evaluate(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                            f" return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def events_named(self, method):
        return [e["params"] for e in self.events if e.get("method") == method]


def check(service):
    report = service.wait_for_sample()
    failed = [f for f in report["failures"] if f["topic"] == MARKUP]
    if not failed:
        raise CheckFailed(f"the sample's failed job is not among /status failures: {report['failures']}")
    failed_id = failed[0]["job_id"]

    with Browser() as browser:
        dialogs = []

        def dialog(params):
            dialogs.append(params.get("message"))
            browser.call("Page.handleJavaScriptDialog", accept=True)
        browser.handlers["Page.javascriptDialogOpening"] = dialog

        for domain in ("Page", "Runtime", "Network", "Log"):
            browser.call(f"{domain}.enable")
        browser.call("Page.addScriptToEvaluateOnNewDocument", source=(
            "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"))
        browser.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)

        # The page, as a browser asks for it: no token, the CSP on the answer.
        url = service.base + "/status"
        browser.call("Page.navigate", url=url)
        browser.wait_until("document.readyState === 'complete' && !document.getElementById('login').hidden",
                           "the token form")
        documents = [e for e in browser.events_named("Network.responseReceived")
                     if e.get("type") == "Document" and e["response"]["url"] == url]
        if not documents or documents[0]["response"]["status"] != 200:
            raise CheckFailed(f"the page did not load with 200: {documents}")
        headers = {k.lower(): v for k, v in documents[0]["response"]["headers"].items()}
        policy = headers.get("content-security-policy", "")
        if "default-src 'none'" not in policy or "script-src 'nonce-" not in policy:
            raise CheckFailed(f"the page's Content-Security-Policy is {policy!r}")
        if browser.evaluate("document.getElementById('dashboard').hidden") is not True:
            raise CheckFailed("the dashboard shows before a token was given")

        # The token, typed into the form.
        browser.evaluate("document.getElementById('token').focus()")
        browser.call("Input.insertText", text=service.token)
        browser.click("#login-submit")
        browser.wait_until("Number(document.body.getAttribute('data-renders') || 0) >= 1"
                           " && !document.getElementById('dashboard').hidden", "the dashboard")

        facts = browser.evaluate("""(() => {
            const text = (s) => { const n = document.querySelector(s); return n ? n.textContent : null; };
            const row = document.querySelector('#failures tbody tr[data-job="%d"]');
            return {
              href: location.href,
              stored: sessionStorage.getItem('zoom2kaltura.adminToken'),
              html: document.documentElement.outerHTML,
              progressTitle: text('#progress-section h2'),
              progressChildren: document.getElementById('progress').children.length,
              progressText: text('#progress'),
              failureRows: document.querySelectorAll('#failures tbody tr').length,
              topic: row ? row.querySelector('td.topic div').textContent : null,
              reason: row ? row.querySelector('td.reason').textContent : null,
              retry: row ? row.querySelectorAll('button.retry').length : 0,
              scripts: document.querySelectorAll('main script').length,
              failedTile: text('.tile[data-state="failed"] .n'),
              doneTile: text('.tile[data-state="done"] .n'),
              peers: Array.from(document.querySelectorAll('#peers tr[data-peer]')).map(r => r.getAttribute('data-peer')),
              sparkPoints: (() => { const p = document.querySelector('#throughput svg polyline');
                                    return p ? p.getAttribute('points').trim().split(' ').length : 0; })(),
              store: text('#service'),
              webhooks: text('#webhooks'),
              csp: window.__cspViolations,
            };
        })()""" % failed_id)
        problems = []
        if facts["href"] != url:
            problems.append(f"the URL changed to {facts['href']}")
        if service.token in facts["href"] or service.token in facts["html"]:
            problems.append("the token is in the URL or the document")
        if facts["stored"] != service.token:
            problems.append("the token is not in sessionStorage")
        if facts["progressTitle"] != "Copies in flight" or facts["progressChildren"] < 1:
            problems.append(f"the progress section is not rendered: {facts['progressTitle']!r} {facts['progressText']!r}")
        if facts["failureRows"] != len(report["failures"]):
            problems.append(f"{facts['failureRows']} failure rows for {len(report['failures'])} failures")
        if facts["topic"] != MARKUP:
            problems.append(f"the failed job's topic shows as {facts['topic']!r}, not as the text {MARKUP!r}")
        if not facts["reason"] or "HTML page" not in facts["reason"]:
            problems.append(f"the failure's reason shows as {facts['reason']!r}")
        if facts["retry"] != 1:
            problems.append("the failed job has no Retry button")
        if facts["scripts"] != 0:
            problems.append("a script element was made from data")
        if facts["failedTile"] != str(report["jobs"]["failed"]) or facts["doneTile"] != str(report["jobs"]["done"]):
            problems.append(f"job counts show failed {facts['failedTile']}, done {facts['doneTile']}: {report['jobs']}")
        if sorted(facts["peers"]) != ["kaltura", "zoom"]:
            problems.append(f"peers rows: {facts['peers']}")
        if facts["sparkPoints"] != 60:
            problems.append(f"the sparkline has {facts['sparkPoints']} points, not 60")
        if "ready" not in (facts["store"] or ""):
            problems.append(f"the store shows as {facts['store']!r}")
        if "last hour" not in (facts["webhooks"] or ""):
            problems.append(f"the webhooks show as {facts['webhooks']!r}")
        if problems:
            raise CheckFailed("; ".join(problems))

        # An in-flight transfer, added to the live answers, to see its progress bar.
        def add_transfer(params):
            body = browser.call("Fetch.getResponseBody", requestId=params["requestId"])
            raw = base64.b64decode(body["body"]) if body.get("base64Encoded") else body["body"].encode()
            answer = json.loads(raw)
            answer["transfers"].append({
                "job_id": 9999, "meeting_uuid": "check-inflight==", "topic": INFLIGHT_TOPIC,
                "owner": "ada.lovelace@demo.zoom2kaltura.test", "file_id": "check-inflight-screen",
                "bytes": 150 << 20, "total": 400 << 20, "rate_bytes_per_second": 12 << 20, "eta_seconds": 21})
            headers = [h for h in params.get("responseHeaders", []) if h["name"].lower() != "content-length"]
            browser.call("Fetch.fulfillRequest", requestId=params["requestId"], responseCode=params.get("responseStatusCode", 200),
                         responseHeaders=headers, body=base64.b64encode(json.dumps(answer).encode()).decode())
        browser.handlers["Fetch.requestPaused"] = add_transfer
        browser.call("Fetch.enable", patterns=[{"urlPattern": "*/status", "resourceType": "Fetch", "requestStage": "Response"}])
        browser.wait_until("!!document.querySelector('#progress .transfer[data-job=\"9999\"]')", "the in-flight transfer", 20)
        bar = browser.evaluate("""(() => {
            const row = document.querySelector('#progress .transfer[data-job="9999"]');
            return { width: row.querySelector('.bar .fill').style.width, topic: row.querySelector('.topic').textContent,
                     detail: row.querySelector('.detail').textContent, images: document.querySelectorAll('#progress img').length };
        })()""")
        if bar["width"] != "37.5%" or bar["topic"] != INFLIGHT_TOPIC or bar["images"] != 0:
            raise CheckFailed(f"the transfer's bar shows as {bar}")
        if "150 MiB of 400 MiB" not in bar["detail"] or "12 MiB/s" not in bar["detail"] or "ETA 21 s" not in bar["detail"]:
            raise CheckFailed(f"the transfer's detail reads {bar['detail']!r}")

        # The screenshot: the whole page.
        height = browser.evaluate("Math.ceil(document.documentElement.scrollHeight)")
        browser.call("Emulation.setDeviceMetricsOverride", width=1280, height=int(height), deviceScaleFactor=1, mobile=False)
        browser.pump(0.5)
        shot = browser.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        os.makedirs(os.path.dirname(SCREENSHOT), exist_ok=True)
        with open(SCREENSHOT, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        browser.call("Fetch.disable")
        del browser.handlers["Fetch.requestPaused"]

        # Retry: the page posts to the jobs API with the token and shows the answer.
        browser.evaluate("document.getElementById('failures').scrollIntoView()")
        browser.click(f'#failures tbody tr[data-job="{failed_id}"] button.retry')
        retry_url = f"{service.base}/jobs/{failed_id}/retry"
        deadline = time.monotonic() + 20
        while True:
            sent = [e for e in browser.events_named("Network.requestWillBeSent") if e["request"]["url"] == retry_url]
            answered = [e for e in browser.events_named("Network.responseReceived") if e["response"]["url"] == retry_url]
            if sent and answered:
                break
            if time.monotonic() > deadline:
                raise CheckFailed("the Retry button sent no answered POST /jobs/{id}/retry")
            browser.pump(0.1)
        request = sent[0]["request"]
        if request["method"] != "POST" or request["headers"].get("Authorization") != f"Bearer {service.token}":
            raise CheckFailed(f"the retry request was {request['method']} with headers {list(request['headers'])}")
        retried = answered[0]["response"]["status"]
        if retried == 200:
            browser.wait_until(f"""(() => {{ const row = document.querySelector('#failures tbody tr[data-job="{failed_id}"]');
                return !row || row.textContent.includes('queued again'); }})()""", "the retry's answer on the page", 10)

        errors = browser.events_named("Runtime.exceptionThrown")
        csp = browser.evaluate("window.__cspViolations") + [
            e["entry"]["text"] for e in browser.events_named("Log.entryAdded") if "Content Security Policy" in e["entry"]["text"]]
        if errors or csp or dialogs:
            raise CheckFailed(f"script errors {errors}, CSP violations {csp}, dialogs {dialogs}")
    print(f"status-page: {facts['failureRows']} failure row(s), topic shown as text, progress bar at 37.5 %, "
          f"retry answered {retried}; screenshot {os.path.relpath(SCREENSHOT, sandbox.ROOT)}")


if __name__ == "__main__":
    sandbox.run("status-page", check)
