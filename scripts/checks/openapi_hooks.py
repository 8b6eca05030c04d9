"""Schemathesis hooks for scripts/checks/openapi (loaded through SCHEMATHESIS_HOOKS).

Signs POST /webhooks/zoom the way Zoom does, so that the generated events reach the decoder and
the store and their answers (200 stored or url validation, 204 ignored, 400 malformed) are
checked against the spec, instead of every webhook case ending in 401. A case is signed only
when its generated signature and timestamp headers are schema-valid: a case that leaves them
out or breaks their pattern is sent as generated, and must get the 401 the spec promises.
The secret comes from OPENAPI_WEBHOOK_SECRET, the server's ZOOM_WEBHOOK_SECRET.
"""

import hashlib
import hmac
import os
import re
import time

import schemathesis

SECRET = os.environ["OPENAPI_WEBHOOK_SECRET"].encode()
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
TIMESTAMP = re.compile(r"[0-9]{1,12}")


class ZoomSignature:
    """A requests auth: signs the body exactly as it goes on the wire, with the current time."""

    def __call__(self, request):
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        timestamp = str(int(time.time()))
        digest = hmac.new(SECRET, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
        request.headers["x-zm-request-timestamp"] = timestamp
        request.headers["x-zm-signature"] = "v0=" + digest
        return request


def _header(headers, name):
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return None


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.operation.path != "/webhooks/zoom":
        return
    signature = _header(case.headers, "x-zm-signature")
    timestamp = _header(case.headers, "x-zm-request-timestamp")
    if isinstance(signature, str) and SIGNATURE.fullmatch(signature) and isinstance(timestamp, str) and TIMESTAMP.fullmatch(timestamp):
        kwargs["auth"] = ZoomSignature()


DAY = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


@schemathesis.check
def backfill_refuses_only_range_rules(ctx, response, case):
    """openapi.schemathesis.toml lets POST /backfill answer 400 to a schema-valid body, for the
    range rules a schema cannot state. This keeps that exception narrow: such a 400 must be
    `invalid_range`, never a refusal of something the schema allows."""
    if case.operation.path != "/backfill" or response.status_code != 400:
        return
    body = case.body
    if not (isinstance(body, dict) and all(isinstance(body.get(k), str) and DAY.fullmatch(body[k]) for k in ("from", "to"))):
        return
    if _header(case.headers, "content-type") not in (None, "application/json"):
        return
    code = response.json().get("error")
    if code != "invalid_range":
        raise AssertionError(f"a body with two YYYY-MM-DD days was refused with {code!r}, not invalid_range")
