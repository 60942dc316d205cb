"""One HTTP attempt (urllib, so proxies from the environment apply) and what its answer means for retries."""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional

from ._util import parse_retry_after

#: "not now" rather than "this batch is broken": retried for as long as it takes
TRANSIENT_STATUSES = frozenset((408, 425, 429, 502, 503, 504))


@dataclass
class Outcome:
    """``ok``: 2xx (with per-item ``results`` for a 207); ``retry``: worth trying again (``unlimited`` when Sensei
    is unreachable or overloaded, not a poison batch); ``reject``: the API refused the request (4xx)."""

    kind: str
    status: Optional[int] = None
    reason: str = ""
    results: Optional[List[Dict[str, Any]]] = None
    retry_after: Optional[float] = None
    unlimited: bool = False
    message: str = ""
    code: Optional[str] = None
    details: Any = None
    cause: Optional[BaseException] = field(default=None, repr=False)


def send(url: str, api_key: str, body: bytes, timeout: float, user_agent: str) -> Outcome:
    """POSTs one batch body; never raises."""
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json",
        "Authorization": "Bearer " + api_key,
        "User-Agent": user_agent,
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()  # the whole answer, inside the timeout
            return classify(response.status, response.headers, text)
    except urllib.error.HTTPError as e:  # non-2xx: still an answer
        try:
            text = e.read()
        except Exception:  # noqa: BLE001 - a broken error body is still that status
            text = b""
        return classify(e.code, e.headers or {}, text)
    except (socket.timeout, TimeoutError) as e:
        return Outcome("retry", reason=f"timed out after {timeout:g} s", unlimited=True, cause=e)
    except Exception as e:  # noqa: BLE001 - URLError, ConnectionError, http.client errors: the network failed
        reason = getattr(e, "reason", None)
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return Outcome("retry", reason=f"timed out after {timeout:g} s", unlimited=True, cause=e)
        return Outcome("retry", reason=f"network error: {reason or e!r}", unlimited=True, cause=e)


def _json(text: bytes) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def classify(status: int, headers: Mapping[str, str], text: bytes) -> Outcome:
    body = _json(text)
    obj = body if isinstance(body, dict) else {}
    if 200 <= status < 300:
        results = obj.get("results")
        return Outcome("ok", status=status, results=results if isinstance(results, list) else None)
    message = obj.get("message") if isinstance(obj.get("message"), str) else None
    if status >= 500 or status in TRANSIENT_STATUSES:
        return Outcome("retry", status=status, reason=f"HTTP {status}" + (f": {message}" if message else ""),
                       retry_after=parse_retry_after(headers.get("Retry-After")),
                       unlimited=status in TRANSIENT_STATUSES)
    return Outcome("reject", status=status,
                   message=message or (text[:200].decode("utf-8", "replace") or f"HTTP {status}"),
                   code=obj.get("code") if isinstance(obj.get("code"), str) else None, details=obj.get("details"))


_OK_WORDS = frozenset(("ok", "accepted", "queued", "created", "success", "duplicate"))


def item_status(result: Mapping[str, Any]) -> int:
    """Per-item status of a 207 answer as a number (accepts numbers, numeric strings and a few words)."""
    status = result.get("status")
    if isinstance(status, int) and not isinstance(status, bool):
        return status
    s = str(status).lower()
    if len(s) == 3 and s.isdigit():
        return int(s)
    if s in _OK_WORDS:
        return 202
    if s in ("unavailable", "retry", "busy"):
        return 503
    if s in ("error", "failed", "internal_error"):
        return 500
    return 400  # rejected / invalid / anything else: not retried


def describe_item_error(error: Any, status: int) -> str:
    if isinstance(error, dict):
        details = error.get("details")
        fields = "; ".join(f"{d.get('field')}: {d.get('reason')}" for d in details if isinstance(d, dict)) \
            if isinstance(details, list) else ""
        text = f"HTTP {status} {error.get('code') or ''} {error.get('message') or ''}" + (f" ({fields})" if fields else "")
        return " ".join(text.split())
    return f"HTTP {status}" + (f" {error}" if error else "")
