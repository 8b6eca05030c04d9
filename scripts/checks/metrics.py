#!/usr/bin/env python3
"""Check: GET /metrics is valid Prometheus text exposition and counts the sample's copy.

Starts the debug binary in sandbox mode (see metrics.sandbox.py), waits until the sample's
jobs have ended, fetches /metrics with the admin token (and checks that it refuses a request
without), runs `promtool check metrics` on it (lint included: HELP, TYPE, names, units) and
checks the values the sample must have moved: webhooks stored, bytes copied, a transfer
duration, a failed job.

Needs: python3 (standard library only), promtool (Debian's `prometheus` package, in
scripts/install-deps.sh), the debug build (`swift build --build-tests`). Exits non-zero on
failure.
"""
import importlib.util
import os
import re
import shutil
import subprocess

spec = importlib.util.spec_from_file_location("sandbox", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                     "metrics.sandbox.py"))
sandbox = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sandbox)
CheckFailed = sandbox.CheckFailed

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def series(text):
    """{'name{labels}': value} of every sample line."""
    values = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match:
            values[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return values


def check(service):
    report = service.wait_for_sample()
    if report["jobs"]["failed"] < 1:
        raise CheckFailed(f"the sample should leave a failed job: {report['jobs']}")

    code, _, _ = service.get("/metrics", token=False)
    if code != 401:
        raise CheckFailed(f"/metrics without the token answered {code}, not 401")
    code, headers, body = service.get("/metrics")
    if code != 200:
        raise CheckFailed(f"/metrics answered {code}: {body[:300]!r}")
    if not headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"):
        raise CheckFailed(f"/metrics Content-Type is {headers.get('Content-Type')!r}")
    text = body.decode()

    promtool = shutil.which("promtool")
    if not promtool:
        raise CheckFailed("promtool is missing: install Debian's prometheus package (scripts/install-deps.sh)")
    result = subprocess.run([promtool, "check", "metrics"], input=body, capture_output=True, timeout=60)
    if result.returncode != 0:
        raise CheckFailed("promtool check metrics failed:\n" + (result.stdout + result.stderr).decode() + "\n" + text)

    values = series(text)
    expectations = {
        'zoom2kaltura_webhooks_total{result="stored"}': lambda v: v >= 4,
        'zoom2kaltura_webhooks_total{result="rejected"}': lambda v: v == 0,
        'zoom2kaltura_jobs{state="failed"}': lambda v: v == report["jobs"]["failed"],
        'zoom2kaltura_jobs{state="done"}': lambda v: v == report["jobs"]["done"],
        "zoom2kaltura_copied_bytes_total": lambda v: v >= 24 << 20,
        "zoom2kaltura_transfer_duration_seconds_count": lambda v: v >= 3,
        'zoom2kaltura_transfer_duration_seconds_bucket{le="+Inf"}': lambda v: v >= 3,
        "zoom2kaltura_store_up": lambda v: v == 1,
        "zoom2kaltura_oldest_queued_job_age_seconds": lambda v: v >= 0,
        "zoom2kaltura_uptime_seconds": lambda v: v > 0,
    }
    for name, holds in expectations.items():
        if name not in values:
            raise CheckFailed(f"{name} is missing from /metrics:\n{text}")
        if not holds(values[name]):
            raise CheckFailed(f"{name} is {values[name]}, not what the sample makes:\n{text}")
    print(f"metrics: promtool accepts {len(text.splitlines())} lines; "
          f"{values['zoom2kaltura_copied_bytes_total']:.0f} bytes copied, "
          f"{values['zoom2kaltura_transfer_duration_seconds_count']:.0f} transfers timed")


if __name__ == "__main__":
    sandbox.run("metrics", check)
