"""Queue entries and their serialisation into request bodies within the API limits.

Runs on the sender thread only: message ids are generated, timestamps formatted and content checked here, not on
the caller's path. Everything it changes on a message (generated id, shortened content, dropped metadata) is kept,
so a retry sends the same ids and a problem is reported once.
"""
from __future__ import annotations

import json
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

from ._util import StoredTime, clean_text, iso_timestamp, truncate_utf8
from .limits import (MAX_BATCH_CONVERSATIONS, MAX_BATCH_FEEDBACK, MAX_BODY_BYTES, MAX_MESSAGE_CONTENT_BYTES,
                     MAX_MESSAGES_PER_ITEM, MAX_METADATA_BYTES)

_TRUNCATION_MARK = "…"
_MARK_BYTES = len(_TRUNCATION_MARK.encode("utf-8"))
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


class Msg:
    """One message as queued (snake_case wire fields; ``id`` None until the sender generates one)."""

    __slots__ = ("id", "role", "content", "ts", "metadata", "latency_ms", "tokens", "checked")

    def __init__(self, id: Optional[str], role: str, content: str, ts: StoredTime, metadata: Optional[Dict[str, Any]],
                 latency_ms: Optional[int], tokens: Optional[int]) -> None:
        self.id = id
        self.role = role
        self.content = content
        self.ts = ts
        self.metadata = metadata
        self.latency_ms = latency_ms
        self.tokens = tokens
        self.checked = False


class Entry:
    """Everything queued for one conversation since its last batch left: track() calls for the same conversation
    in between are merged into this one item."""

    __slots__ = ("seq", "key", "conversation_id", "environment", "user_id", "metadata", "messages", "ended",
                 "attempts", "queued_at")

    def __init__(self, seq: int, key: Tuple[str, str], conversation_id: str, environment: str, queued_at: float) -> None:
        self.seq = seq
        self.key = key
        self.conversation_id = conversation_id
        self.environment = environment
        self.user_id: Optional[str] = None
        self.metadata: Optional[Dict[str, Any]] = None
        self.messages: List[Msg] = []
        self.ended = False
        #: per-item server errors seen (a 207 item answered 5xx)
        self.attempts = 0
        self.queued_at = queued_at

    def split(self, n: int) -> Tuple["Entry", "Entry"]:
        """(first n messages, the rest): the rest keeps seq/attempts (it stays first in line)."""
        head = Entry(self.seq, self.key, self.conversation_id, self.environment, self.queued_at)
        tail = Entry(self.seq, self.key, self.conversation_id, self.environment, self.queued_at)
        for e in (head, tail):
            e.user_id, e.metadata, e.attempts = self.user_id, self.metadata, self.attempts
        head.messages, tail.messages = self.messages[:n], self.messages[n:]
        tail.ended = self.ended
        return head, tail


class FeedbackItem:
    __slots__ = ("seq", "wire", "conversation_id", "attempts", "queued_at")

    def __init__(self, seq: int, wire: Dict[str, Any], queued_at: float) -> None:
        self.seq = seq
        self.wire = wire
        self.conversation_id: str = wire["conversation_id"]
        self.attempts = 0
        self.queued_at = queued_at


class Batch:
    """One request's worth, already serialised (retries resend the same bytes)."""

    __slots__ = ("kind", "entries", "body", "count", "min_seq")

    def __init__(self, kind: str, entries: list, body: bytes, count: int, min_seq: int) -> None:
        self.kind = kind  # "track" | "feedback"
        self.entries = entries
        self.body = body
        self.count = count
        self.min_seq = min_seq


#: (kind, conversation id, message id or None, reason)
Issue = Tuple[str, str, Optional[str], str]


def metadata_json(meta: Dict[str, Any], conversation_id: str, message_id: Optional[str],
                  issues: List[Issue]) -> Optional[bytes]:
    """The metadata's JSON, or None (reported) when it cannot be serialised or is over the API limit."""
    try:
        data = _dumps(meta).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError, RuntimeError) as e:
        issues.append(("metadata_dropped", conversation_id, message_id, f"not serialisable: {e}"))
        return None
    if len(data) > MAX_METADATA_BYTES:
        issues.append(("metadata_dropped", conversation_id, message_id, f"over {MAX_METADATA_BYTES} bytes"))
        return None
    return data


def _message_json(m: Msg, conversation_id: str, issues: List[Issue]) -> bytes:
    if m.id is None:
        m.id = str(uuid.uuid4())
    if not m.checked:
        m.checked = True
        content = clean_text(m.content)
        if len(content) * 4 > MAX_MESSAGE_CONTENT_BYTES and len(content.encode("utf-8")) > MAX_MESSAGE_CONTENT_BYTES:
            content = truncate_utf8(content, MAX_MESSAGE_CONTENT_BYTES - _MARK_BYTES) + _TRUNCATION_MARK
            issues.append(("content_truncated", conversation_id, m.id, ""))
        m.content = content
        m.ts = iso_timestamp(m.ts)
    parts = [b'{"id":', _dumps(m.id).encode(), b',"role":"', m.role.encode(), b'","content":',
             _dumps(m.content).encode("utf-8"), b',"timestamp":"', str(m.ts).encode(), b'"']
    if m.metadata is not None:
        meta = metadata_json(m.metadata, conversation_id, m.id, issues)
        if meta is None:
            m.metadata = None
        else:
            parts += (b',"metadata":', meta)
    if m.latency_ms is not None:
        parts.append(b',"latency_ms":%d' % m.latency_ms)
    if m.tokens is not None:
        parts.append(b',"tokens":%d' % m.tokens)
    parts.append(b"}")
    return b"".join(parts)


def _item_head(e: Entry, issues: List[Issue]) -> bytes:
    s = b'{"conversation_id":' + _dumps(e.conversation_id).encode("utf-8") + b',"environment":' + \
        _dumps(e.environment).encode("utf-8")
    if e.user_id is not None:
        s += b',"user_id":' + _dumps(e.user_id).encode("utf-8")
    if e.metadata is not None:
        meta = metadata_json(e.metadata, e.conversation_id, None, issues)
        if meta is None:
            e.metadata = None
        else:
            s += b',"metadata":' + meta
    return s + b',"messages":['


_TRACK_HEAD, _TRACK_TAIL = b'{"conversations":[', b"]}"
_ITEM_TAIL_ENDED, _ITEM_TAIL = b'],"ended":true}', b"]}"


def take_track_batch(candidates: List[Entry], max_items: int, max_bytes: int, issues: List[Issue],
                     on_unsendable: Callable[[Entry, Msg], None]) -> Tuple[Optional[Batch], List[Entry]]:
    """Serialises entries from the head of ``candidates`` into one request of at most ``max_items`` items and
    ``max_bytes`` bytes. An entry too large for one item (over 500 messages or the byte budget) is split: its first
    messages go now, the rest is returned first in line. Returns (batch or None, entries to put back at the head)."""
    items: List[bytes] = []
    sent: List[Entry] = []
    size = len(_TRACK_HEAD) + len(_TRACK_TAIL)
    count = 0
    cap = min(max_items, MAX_BATCH_CONVERSATIONS)
    i = 0
    rest: List[Entry] = []
    while i < len(candidates) and len(sent) < cap:
        e = candidates[i]
        head = _item_head(e, issues)
        head_size = len(head) + len(_ITEM_TAIL_ENDED) + (1 if items else 0)
        if size + head_size > max_bytes:
            break
        used = size + head_size
        parts: List[bytes] = []
        n = 0
        while n < len(e.messages) and n < MAX_MESSAGES_PER_ITEM:
            data = _message_json(e.messages[n], e.conversation_id, issues)
            add = len(data) + (1 if n else 0)
            if used + add > max_bytes:
                if n == 0 and not items and max_bytes >= MAX_BODY_BYTES:
                    # a message that does not fit even an otherwise empty request can never be sent
                    on_unsendable(e, e.messages.pop(0))
                    continue
                break
            used += add
            parts.append(data)
            n += 1
        if n == 0 and e.messages:
            break  # not even one message of it fits: next request
        i += 1
        whole = n == len(e.messages)
        item = e
        if not whole:
            item, remainder = e.split(n)
            rest.append(remainder)
        items.append((b"," if items else b"") + head + b",".join(parts) + (_ITEM_TAIL_ENDED if item.ended else _ITEM_TAIL))
        sent.append(item)
        size = used
        count += len(item.messages)
        if not whole:
            break  # the remainder must not overtake itself within one request
    rest.extend(candidates[i:])
    if not sent:
        return None, rest
    body = _TRACK_HEAD + b"".join(items) + _TRACK_TAIL
    return Batch("track", sent, body, count, min(x.seq for x in sent)), rest


_FEEDBACK_HEAD = b'{"feedback":['


def take_feedback_batch(candidates: List[FeedbackItem], max_bytes: int) -> Tuple[Optional[Batch], List[FeedbackItem]]:
    items: List[bytes] = []
    sent: List[FeedbackItem] = []
    size = len(_FEEDBACK_HEAD) + len(_TRACK_TAIL)
    i = 0
    while i < len(candidates) and len(sent) < MAX_BATCH_FEEDBACK:
        data = _dumps(candidates[i].wire).encode("utf-8")
        add = len(data) + (1 if items else 0)
        if size + add > max_bytes and items:
            break
        items.append(data)
        sent.append(candidates[i])
        size += add
        i += 1
    rest = candidates[i:]
    if not sent:
        return None, rest
    return Batch("feedback", sent, _FEEDBACK_HEAD + b",".join(items) + _TRACK_TAIL, len(sent),
                 min(x.seq for x in sent)), rest
