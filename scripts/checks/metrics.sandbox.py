"""The service in sandbox mode for the checks in this folder (metrics.py, status-page.py).

Not a check itself (no run bit): the checks load it by path. It starts the debug binary
(`.build/debug/zoom2kaltura serve`, or $ZOOM2KALTURA_BIN) in a throwaway directory, in sandbox
mode (no KALTURA_SERVICE_URL: the simulators run in the process and the sample is copied
through them) on LISTEN=127.0.0.1:0 with a random admin token, reads the port from its JSON
log line "listening" (`listen.port`), and waits until the sample's jobs have ended. Python 3
standard library only.
"""
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class CheckFailed(Exception):
    """A check's expectation that did not hold; the message says which."""


class SandboxService:
    def __init__(self, name):
        self.name = name
        self.binary = os.environ.get("ZOOM2KALTURA_BIN", os.path.join(ROOT, ".build", "debug", "zoom2kaltura"))
        if not os.access(self.binary, os.X_OK):
            raise CheckFailed(f"{self.binary} is missing: run `swift build --build-tests` first")
        self.token = secrets.token_hex(24)
        self.directory = tempfile.mkdtemp(prefix=f"z2k-{name}-")
        self.lines = []
        self.port = None
        self.process = None
        self._lock = threading.Lock()

    def __enter__(self):
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("KALTURA_") and key not in ("OVERRIDES_FILE", "OPT_OUT_FILE", "DATABASE_URL")}
        env.update(LISTEN="127.0.0.1:0", ADMIN_TOKEN=self.token, LOG_LEVEL="info", EVENT_LOOPS="2",
                   DATABASE_URL=f"sqlite:{self.directory}/data/zoom2kaltura.db")
        self.process = subprocess.Popen([self.binary, "serve"], cwd=self.directory, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 60
        while self.port is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise CheckFailed("the service did not start listening:\n" + self.log_tail())
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)
        return False

    def _read(self):
        for line in self.process.stdout:
            with self._lock:
                self.lines.append(line.rstrip("\n"))
            if self.port is None and '"listening"' in line:
                try:
                    self.port = int(json.loads(line)["listen.port"])
                except (ValueError, KeyError):
                    pass

    def log_tail(self, count=40):
        with self._lock:
            return "\n".join(self.lines[-count:])

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def get(self, path, token=True, accept=None, method="GET"):
        """(status, headers, body bytes) of one request."""
        request = urllib.request.Request(self.base + path, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {self.token if token is True else token}")
        if accept:
            request.add_header("Accept", accept)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def status(self):
        code, _, body = self.get("/status", accept="application/json")
        if code != 200:
            raise CheckFailed(f"/status answered {code}: {body[:300]!r}")
        return json.loads(body)

    def wait_for_sample(self, timeout=120):
        """Waits for the sample's verdict line ("demo: all N jobs reached…"); returns /status then."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                verdict = next((line for line in self.lines if line.startswith("demo: all ")
                                or line.startswith("demo: failed: ") or re.match(r"demo: \d+ of \d+ jobs did not", line)), None)
            if verdict:
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise CheckFailed("the sample did not finish")
            time.sleep(0.1)
        if not verdict.startswith("demo: all "):
            raise CheckFailed(f"the sample went wrong: {verdict}")
        return self.status()


def run(name, check):
    """Runs `check(service)` against a fresh sandbox service; exits 1 with the reason on failure."""
    try:
        with SandboxService(name) as service:
            try:
                check(service)
            except CheckFailed as failure:
                print(f"{name}: FAILED: {failure}\n--- service log (tail) ---\n{service.log_tail()}", file=sys.stderr)
                sys.exit(1)
    except CheckFailed as failure:
        print(f"{name}: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: ok")
