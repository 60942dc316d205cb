"""Public types: what track() takes, what on_error receives, what stats() returns."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, Literal, Optional, TypedDict, Union

Role = Literal["user", "assistant", "system", "tool"]
#: datetime (naive = local time, as Python's own ``datetime.timestamp()`` reads it), ISO-8601 string, or epoch seconds
Timestamp = Union[datetime, str, int, float]

ErrorCode = Literal[
    "invalid_input",  # track()/feedback() got something the API would reject; nothing was queued for it
    "rejected",  # the API answered 4xx for an item or a whole batch; not retried
    "unauthorized",  # 401/403: the API key is missing, wrong or revoked; not retried
    "unavailable",  # network error, timeout, 429 or 5xx: being retried (reported once per outage)
    "retries_exhausted",  # gave up on a batch after max_retries server errors
    "queue_full",  # max_queue_size reached: new items are dropped (reported once per overflow)
    "truncated",  # content shortened / metadata dropped / comment shortened to fit the API limits
    "shutdown",  # items still queued when shutdown()'s timeout ran out
]


class Message(TypedDict, total=False):
    """One message of a conversation. ``role`` and ``content`` are required."""

    role: Role
    content: str
    timestamp: Timestamp
    #: your id; when absent the SDK generates a UUID (so retries are idempotent). Pass stable ids if you re-send.
    id: str
    metadata: Dict[str, Any]
    #: how long the reply took to produce (assistant messages), in milliseconds
    latency_ms: Union[int, float]
    tokens: int


class SenseiError(Exception):
    """What ``on_error`` receives. Never raised into the application."""

    def __init__(self, code: ErrorCode, message: str, *, status: Optional[int] = None,
                 conversation_id: Optional[str] = None, count: Optional[int] = None, details: Any = None) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.message = message
        self.status = status
        self.conversation_id = conversation_id
        #: how many items (messages or feedback) the problem concerns
        self.count = count
        self.details = details

    def __repr__(self) -> str:
        return f"SenseiError(code={self.code!r}, message={self.message!r}, status={self.status!r})"


@dataclass(frozen=True)
class Stats:
    """Counters of one client. An item is one message or one feedback."""

    #: items waiting to be delivered right now (including ones being retried)
    queued: int = 0
    #: items the API accepted
    sent: int = 0
    #: item deliveries attempted again after a retryable failure (per item and attempt)
    retried: int = 0
    #: discarded: queue full, tracked after shutdown(), or still queued when shutdown() timed out
    dropped: int = 0
    #: rejected by the API (4xx), refused by validation, or given up after max_retries
    failed: int = 0
