"""Small helpers: timestamps, Retry-After, UTF-8 truncation, stable ids."""
from __future__ import annotations

import hashlib
import math
import re
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Optional, Sequence, Union

_ISO_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$", re.IGNORECASE)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

#: what a message's timestamp is held as until it is serialised: an ISO string with a zone (sent as it is),
#: epoch seconds, or a datetime (converted by the sender thread, not on the caller's path)
StoredTime = Union[str, float, int, datetime]


def stored_timestamp(value: Any) -> Optional[StoredTime]:
    """Checks a timestamp cheaply on the caller's path; None when it is not a valid date. Absent → now."""
    if value is None:
        return time.time()
    if isinstance(value, datetime):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) and value >= 0 else None
    if isinstance(value, str):
        if _ISO_WITH_ZONE.match(value):
            return value.upper()  # "t"/"z" are valid ISO-8601 but not every parser takes them
        try:
            parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value[-1:] in "zZ" and value else value)
        except ValueError:
            return None
        return parsed
    return None


def iso_timestamp(value: StoredTime) -> str:
    """ISO-8601 in UTC with microseconds (the API's precision), or the caller's own zoned ISO string."""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        # naive datetimes are local time, as datetime.timestamp() and astimezone() read them
        dt = value.astimezone(timezone.utc)
    else:
        dt = datetime.fromtimestamp(value, timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_retry_after(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Retry-After (delta-seconds or an HTTP date) in seconds; None when absent or unparsable."""
    if not value:
        return None
    v = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", v):
        return float(v)
    try:
        at = parsedate_to_datetime(v)
    except (TypeError, ValueError, IndexError):
        return None
    if at is None:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return max(0.0, at.timestamp() - (time.time() if now is None else now))


def truncate_utf8(text: str, max_bytes: int) -> str:
    """Cuts text to at most max_bytes of UTF-8 without splitting a character."""
    if len(text) * 4 <= max_bytes:
        return text
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", "ignore")


def clean_text(text: str) -> str:
    """Text the API can store: no NUL (PostgreSQL refuses it), no lone surrogates (not encodable as UTF-8)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return text


def stable_id(prefix: str, parts: Sequence[str]) -> str:
    """A deterministic id for dedup (the same parts give the same id in every process)."""
    digest = hashlib.blake2b("\x01".join(parts).encode("utf-8", "surrogatepass"), digest_size=14).hexdigest()
    return prefix + digest
