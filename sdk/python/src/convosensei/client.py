"""The Sensei client: track() only puts messages in memory; one background thread per client sends them in
batches (on size or interval), retries what failed, and never lets a problem of its own reach the application."""
from __future__ import annotations

import logging
import math
import os
import random
import threading
import time
from collections import deque
from collections.abc import Mapping as _MappingABC
from typing import Any, Callable, Deque, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import _lifecycle, _transport
from ._queue import Batch, Entry, FeedbackItem, Issue, Msg, take_feedback_batch, take_track_batch
from ._util import clean_text, iso_timestamp, stored_timestamp
from ._version import __version__
from .limits import (BATCH_PATH, FEEDBACK_BATCH_PATH, FEEDBACK_KINDS, MAX_BATCH_CONVERSATIONS, MAX_BODY_BYTES,
                     MAX_COMMENT_LENGTH, MAX_CONVERSATION_ID_LENGTH, MAX_ENVIRONMENT_LENGTH, MAX_MESSAGE_ID_LENGTH,
                     MAX_USER_ID_LENGTH, ROLES)
from .types import ErrorCode, SenseiError, Stats, Timestamp

logger = logging.getLogger("convosensei")
logger.addHandler(logging.NullHandler())  # a library logs only where the application configured logging

_USER_AGENT = f"convosensei-sdk-python/{__version__}"
#: (code, message, SenseiError keyword arguments): problems found under the lock, reported after releasing it
_Report = Tuple[str, str, Dict[str, Any]]
_THUMBS_WORDS = {"up": 1, "down": -1, "+1": 1, "1": 1, "-1": -1}


def _thumbs(value: Any) -> Optional[int]:
    """1 / -1 from 1, -1, True, False, "up", "down" (0 is not a thumb)."""
    if isinstance(value, bool):
        return 1 if value else -1
    if isinstance(value, (int, float)):
        return int(value) if value in (1, -1) else None
    if isinstance(value, str):
        return _THUMBS_WORDS.get(value.strip().lower())
    return None


def _number(value: Any, fallback: float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0:
        return float(value)
    return fallback


def _env(name: str) -> Optional[str]:
    v = os.environ.get(name)
    return v if v else None


class Sensei:
    """An independent client (one per project / API key). ``convosensei.init()`` manages a shared one.

    Every public method returns at once (``flush``/``shutdown`` wait at most their timeout), never raises and is
    safe to call from any thread; problems go to ``on_error`` and the ``convosensei`` logger.
    """

    def __init__(self, api_key: Optional[str] = None, *, base_url: Optional[str] = None,
                 environment: Optional[str] = None, flush_interval: float = 1.0, max_batch_size: int = 100,
                 max_queue_size: int = 10_000, on_error: Optional[Callable[[SenseiError], Any]] = None,
                 debug: bool = False, timeout: float = 10.0, max_retries: int = 5, retry_base: float = 0.5,
                 retry_max: float = 30.0, shutdown_timeout: float = 2.0, capture_exit: bool = True) -> None:
        self._on_error = on_error
        self._debug = bool(debug)
        if self._debug:
            _enable_debug_logging()
        self._api_key = api_key or _env("SENSEI_API_KEY") or ""
        self.base_url = (base_url or _env("SENSEI_URL") or "http://localhost:8080").rstrip("/")
        self.environment = str(environment or _env("SENSEI_ENVIRONMENT") or "production")[:MAX_ENVIRONMENT_LENGTH]
        self._flush_interval = _number(flush_interval, 1.0)
        self._max_batch_size = int(max(1, min(MAX_BATCH_CONVERSATIONS, _number(max_batch_size, 100))))
        self._max_queue_size = int(max(1, _number(max_queue_size, 10_000)))
        self._timeout = _number(timeout, 10.0) or 10.0
        self._max_retries = int(_number(max_retries, 5))
        self._retry_base = _number(retry_base, 0.5)
        self._retry_max = _number(retry_max, 30.0)
        self._shutdown_timeout = _number(shutdown_timeout, 2.0)
        self._track_url = self.base_url + BATCH_PATH
        self._feedback_url = self.base_url + FEEDBACK_BATCH_PATH
        self._capture_exit = bool(capture_exit)
        self._closed = False
        self._shut_down = False
        self._reset_state()
        _lifecycle.register_fork(self)
        if self._capture_exit:
            _lifecycle.register_exit(self)
        if not self._api_key:
            self._report("unauthorized", "no API key: pass api_key to init() / Sensei() or set SENSEI_API_KEY; "
                                         "messages will be rejected")

    def _reset_state(self) -> None:
        """Fresh queue, counters, locks and no sender thread (construction, and the child after a fork)."""
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)  # the sender thread waits on it (work, flush, abandon)
        self._done = threading.Condition(self._lock)  # flush() waits on it (something settled)
        self._pid = os.getpid()
        self._pending: Deque[Entry] = deque()
        self._open: Dict[Tuple[str, str], Entry] = {}
        self._feedback: Deque[FeedbackItem] = deque()
        self._seq = 0
        self._queued = 0  # items not yet settled: waiting, being serialised, in flight or waiting for a retry
        self._pending_items = 0  # items in _pending/_feedback (the size trigger looks at these)
        self._sent = self._retried = self._dropped = self._failed = 0
        self._inflight: Optional[Batch] = None
        self._taking_min_seq: Optional[int] = None  # a batch being serialised outside the lock
        self._flushers = 0
        self._idle = False
        self._abandoned = False
        self._stopping = False
        self._worker: Optional[threading.Thread] = None
        self._byte_budget = MAX_BODY_BYTES  # lowered after a 413 (a proxy in front of Sensei may allow less)
        self._in_outage = False
        self._overflow_reported = False

    # ---- public API ----

    def track(self, conversation_id: str, messages: Optional[Iterable[Mapping[str, Any]]] = None, *,
              user_id: Optional[str] = None, metadata: Optional[Mapping[str, Any]] = None, ended: bool = False,
              environment: Optional[str] = None) -> None:
        """Queues messages of a conversation. Returns at once; never raises; does no I/O.

        A message is a dict: ``role`` (user/assistant/system/tool), ``content`` (str), and optionally
        ``timestamp`` (datetime, ISO string or epoch seconds; default now), ``id``, ``metadata`` (dict),
        ``latency_ms``, ``tokens``.
        """
        try:
            self._enqueue(conversation_id, messages, user_id, metadata, ended, environment)
        except Exception as e:  # noqa: BLE001 - a bug of ours must not reach the application
            self._report("invalid_input", f"track() failed: {e!r}")

    def end(self, conversation_id: str) -> None:
        """Marks the conversation finished (sent with the next batch)."""
        self.track(conversation_id, ended=True)

    def feedback(self, conversation_id: str, kind: str, value: Union[int, float, bool, str], *,
                 message_id: Optional[str] = None, user_id: Optional[str] = None, comment: Optional[str] = None,
                 timestamp: Optional[Timestamp] = None, environment: Optional[str] = None) -> None:
        """Queues a user's feedback on a conversation (or on one of its messages, by your message id).

        ``kind="thumbs"``: ``value`` 1 / -1 (also True/False, "up"/"down"); ``kind="rating"``: ``value`` 1..5.
        A later feedback of the same user on the same conversation/message replaces the earlier one.
        """
        try:
            self._enqueue_feedback(conversation_id, kind, value, message_id, user_id, comment, timestamp, environment)
        except Exception as e:  # noqa: BLE001
            self._report("invalid_input", f"feedback() failed: {e!r}")

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Sends everything queued so far and waits until it is delivered, rejected or given up.

        Returns True when all of it settled, False when ``timeout`` (seconds; None = no limit) ran out first —
        the queue is kept. Called from ``on_error`` (the sender thread) it returns False at once.
        """
        try:
            return self._flush(timeout)
        except Exception as e:  # noqa: BLE001
            self._report("unavailable", f"flush() failed: {e!r}")
            return False

    def shutdown(self, timeout: Optional[float] = None) -> bool:
        """Flushes (at most ``timeout`` seconds, default ``shutdown_timeout``), then stops the sender thread.

        What is still queued at the deadline is counted as dropped; later track()/feedback() calls are dropped.
        """
        try:
            return self._shutdown(self._shutdown_timeout if timeout is None else _number(timeout, 0.0))
        except Exception as e:  # noqa: BLE001
            self._report("shutdown", f"shutdown() failed: {e!r}")
            return False

    def stats(self) -> Stats:
        """Counters (an item is a message or a feedback): queued, sent, retried, dropped, failed."""
        with self._lock:
            return Stats(self._queued, self._sent, self._retried, self._dropped, self._failed)

    def wrap(self, client: Any, *, conversation_id: Any = None, user_id: Any = None,
             metadata: Optional[Mapping[str, Any]] = None, record_system: bool = True) -> Any:
        """Like :func:`convosensei.wrap`, recording into this client."""
        from .wrap import wrap
        return wrap(client, conversation_id=conversation_id, user_id=user_id, metadata=metadata,
                    record_system=record_system, sensei=self)

    def conversation(self, conversation_id: str, *, user_id: Optional[str] = None,
                     metadata: Optional[Mapping[str, Any]] = None, ended: Optional[bool] = None) -> Any:
        """Context manager: LLM calls of wrapped clients inside it are recorded under this conversation."""
        from .wrap import conversation
        return conversation(conversation_id, user_id=user_id, metadata=metadata, ended=ended)

    def report_problem(self, code: ErrorCode, message: str) -> None:
        """Used by the wrappers to report their own problems through on_error / logging."""
        self._report(code, message)

    # ---- the caller's path: validation, then a short critical section ----

    def _enqueue(self, conversation_id: Any, messages: Any, user_id: Any, metadata: Any, ended: Any,
                 environment: Any) -> None:
        if messages is None:
            messages = ()
        elif not isinstance(messages, (list, tuple)):
            messages = list(messages) if hasattr(messages, "__iter__") and not isinstance(messages, (str, bytes, dict)) \
                else None
            if messages is None:
                self._report("invalid_input", "messages must be a list of dicts",
                             conversation_id=conversation_id if isinstance(conversation_id, str) else None)
                return
        if self._closed:
            with self._lock:
                self._dropped += len(messages)
            logger.debug("track() after shutdown(): %d messages dropped", len(messages))
            return
        if not isinstance(conversation_id, str) or not conversation_id.strip() \
                or len(conversation_id) > MAX_CONVERSATION_ID_LENGTH:
            with self._lock:
                self._failed += len(messages)
            self._report("invalid_input", f"conversation_id must be a non-blank string of at most "
                                          f"{MAX_CONVERSATION_ID_LENGTH} characters (got {conversation_id!r:.80})",
                         count=len(messages))
            return
        wire: List[Msg] = []
        invalid = 0
        for m in messages:
            w = self._normalize(m, conversation_id)
            if w is None:
                invalid += 1
            else:
                wire.append(w)
        env = self.environment if environment is None else str(environment)[:MAX_ENVIRONMENT_LENGTH]
        if user_id is not None:
            user_id = str(user_id)[:MAX_USER_ID_LENGTH]
        if metadata is not None:
            if type(metadata) is dict or isinstance(metadata, _MappingABC):
                metadata = dict(metadata)
            else:
                self._report("invalid_input", "metadata must be a dict; ignored", conversation_id=conversation_id)
                metadata = None
        key = (env, conversation_id)
        reports: List[_Report] = []
        with self._lock:
            self._failed += invalid
            if self._closed:
                self._dropped += len(wire)
                return
            room = self._max_queue_size - self._queued
            if len(wire) > room:
                # reject-new: what is already queued (older, possibly mid-retry) keeps its place
                keep = max(0, room)
                lost = len(wire) - keep
                del wire[keep:]
                self._dropped += lost
                if not self._overflow_reported:
                    self._overflow_reported = True
                    reports.append(("queue_full", f"queue full (max_queue_size {self._max_queue_size}): dropping "
                                                  f"new items", {"conversation_id": conversation_id, "count": lost}))
            if wire or ended or metadata is not None or user_id is not None:
                self._add_locked(key, conversation_id, env, wire, user_id, metadata, ended)
        if reports:
            self._emit(reports)

    def _add_locked(self, key: Tuple[str, str], conversation_id: str, env: str, wire: List[Msg],
                    user_id: Optional[str], metadata: Optional[Dict[str, Any]], ended: bool) -> None:
        """Merges into the conversation's open entry (one item per batch), or opens one."""
        entry = self._open.get(key)
        if entry is None:
            self._seq += 1
            entry = Entry(self._seq, key, conversation_id, env, time.monotonic())
            entry.messages = wire
            self._pending.append(entry)
            self._open[key] = entry
            if self._idle:
                self._wake.notify()  # the sender waits for work without a deadline: start the interval
        elif wire:
            entry.messages.extend(wire)
        if user_id is not None:
            entry.user_id = user_id
        if metadata is not None:
            entry.metadata = {**entry.metadata, **metadata} if entry.metadata else metadata
        if ended:
            entry.ended = True
        n = len(wire)
        self._queued += n
        self._pending_items += n
        if self._pending_items >= self._max_batch_size > self._pending_items - n:
            self._wake.notify()  # size trigger
        if self._worker is None:
            self._start_worker_locked()

    def _normalize(self, m: Any, conversation_id: str) -> Optional[Msg]:
        if type(m) is not dict and not isinstance(m, _MappingABC):
            self._report("invalid_input", f"a message must be a dict (got {type(m).__name__})",
                         conversation_id=conversation_id)
            return None
        role = m.get("role")
        if role not in ROLES:
            self._report("invalid_input", f"role must be user, assistant, system or tool (got {role!r:.40})",
                         conversation_id=conversation_id)
            return None
        content = m.get("content")
        if not isinstance(content, str):
            self._report("invalid_input", f"content must be a string (got {type(content).__name__})",
                         conversation_id=conversation_id)
            return None
        ts = stored_timestamp(m.get("timestamp"))
        if ts is None:
            self._report("invalid_input", f"timestamp is not a valid date: {m.get('timestamp')!r:.60}",
                         conversation_id=conversation_id)
            return None
        mid = m.get("id")
        if mid is None or mid == "":
            mid = None
        elif not isinstance(mid, str) or len(mid) > MAX_MESSAGE_ID_LENGTH:
            self._report("invalid_input", f"message id must be a string of at most {MAX_MESSAGE_ID_LENGTH} "
                                          f"characters", conversation_id=conversation_id)
            return None
        meta = m.get("metadata")
        if meta is not None:
            if type(meta) is dict or isinstance(meta, _MappingABC):
                meta = dict(meta)
            else:
                self._report("invalid_input", "message metadata must be a dict; ignored", conversation_id=conversation_id)
                meta = None
        latency = m.get("latency_ms")
        if latency is not None:
            latency = self._count(latency, "latency_ms", conversation_id)
        tokens = m.get("tokens")
        if tokens is not None:
            tokens = self._count(tokens, "tokens", conversation_id)
        return Msg(mid, role, content, ts, meta, latency, tokens)

    def _count(self, value: Any, name: str, conversation_id: str) -> Optional[int]:
        if type(value) is int and 0 <= value < 2 ** 31:
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
                and 0 <= value < 2 ** 31:
            return int(round(value))
        self._report("invalid_input", f"{name} must be a number from 0 to 2^31-1 (got {value!r:.40}); ignored",
                     conversation_id=conversation_id)
        return None

    def _enqueue_feedback(self, conversation_id: Any, kind: Any, value: Any, message_id: Any, user_id: Any,
                          comment: Any, timestamp: Any, environment: Any) -> None:
        def invalid(reason: str) -> None:
            with self._lock:
                self._failed += 1
            self._report("invalid_input", f"feedback not queued: {reason}",
                         conversation_id=conversation_id if isinstance(conversation_id, str) else None, count=1)

        if self._closed:
            with self._lock:
                self._dropped += 1
            return
        if not isinstance(conversation_id, str) or not conversation_id.strip() \
                or len(conversation_id) > MAX_CONVERSATION_ID_LENGTH:
            return invalid(f"conversation_id must be a non-blank string of at most {MAX_CONVERSATION_ID_LENGTH} "
                           "characters")
        if kind not in FEEDBACK_KINDS:
            return invalid(f"kind must be 'thumbs' or 'rating' (got {kind!r:.40})")
        if kind == "thumbs":
            number = _thumbs(value)
            if number is None:
                return invalid(f"a thumbs value must be 1 or -1 (got {value!r:.40})")
        else:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
                    or not 1 <= value <= 5:
                return invalid(f"a rating value must be a whole number from 1 to 5 (got {value!r:.40})")
            number = int(value)
        wire: Dict[str, Any] = {
            "conversation_id": conversation_id,
            "environment": self.environment if environment is None else str(environment)[:MAX_ENVIRONMENT_LENGTH],
            "kind": kind, "value": number,
        }
        if message_id is not None and message_id != "":
            if not isinstance(message_id, str) or len(message_id) > MAX_MESSAGE_ID_LENGTH:
                return invalid(f"message_id must be a string of at most {MAX_MESSAGE_ID_LENGTH} characters")
            wire["message_id"] = message_id
        if user_id is not None:
            wire["user_id"] = str(user_id)[:MAX_USER_ID_LENGTH]
        if comment is not None:
            if not isinstance(comment, str):
                return invalid("comment must be a string")
            comment = clean_text(comment)
            if len(comment) > MAX_COMMENT_LENGTH:
                comment = comment[:MAX_COMMENT_LENGTH - 1] + "…"
                self._report("truncated", f"feedback comment shortened to the API limit of {MAX_COMMENT_LENGTH} "
                                          "characters", conversation_id=conversation_id)
            if comment:
                wire["comment"] = comment
        ts = stored_timestamp(timestamp)
        if ts is None:
            return invalid(f"timestamp is not a valid date: {timestamp!r:.60}")
        wire["timestamp"] = iso_timestamp(ts)
        reports: List[_Report] = []
        with self._lock:
            if self._closed:
                self._dropped += 1
                return
            if self._queued >= self._max_queue_size:
                self._dropped += 1
                if not self._overflow_reported:
                    self._overflow_reported = True
                    reports.append(("queue_full", f"queue full (max_queue_size {self._max_queue_size}): dropping "
                                                  "new items", {"conversation_id": conversation_id, "count": 1}))
            else:
                self._seq += 1
                self._feedback.append(FeedbackItem(self._seq, wire, time.monotonic()))
                self._queued += 1
                self._pending_items += 1
                if self._idle or self._pending_items == self._max_batch_size:
                    self._wake.notify()
                if self._worker is None:
                    self._start_worker_locked()
        if reports:
            self._emit(reports)

    # ---- the sender thread ----

    def _start_worker_locked(self) -> bool:
        t = threading.Thread(target=self._sender_thread, name="convosensei-sender", daemon=True)
        try:
            t.start()
        except RuntimeError:  # interpreter shutting down (3.12+ refuses new threads then): flush runs inline
            return False
        self._worker = t
        return True

    def _sender_thread(self) -> None:
        _lifecycle.block_app_signals_on_this_thread()
        self._run()

    def _run(self, deadline: Optional[float] = None) -> None:
        """The sender loop. ``deadline`` (monotonic): run on the calling thread until the queue is empty or the
        deadline passes (used at exit when no thread can be started)."""
        pid = os.getpid()
        while True:
            try:
                batch = self._next_batch(deadline, pid)
                if batch is None:
                    return
                self._deliver(batch, deadline, pid)
            except Exception as e:  # noqa: BLE001 - a bug here must not kill delivery for good
                self._report("unavailable", f"internal error in the send loop: {e!r}")
                with self._lock:
                    self._inflight = None
                    self._taking_min_seq = None
                    self._done.notify_all()
                time.sleep(0.05)

    def _urgent(self) -> bool:
        return self._flushers > 0 or self._closed

    def _next_batch(self, deadline: Optional[float], pid: int) -> Optional[Batch]:
        """Waits until a batch is due (size, interval, or a flush waiting), then serialises it outside the lock."""
        with self._lock:
            while True:
                if self._abandoned or self._pid != pid:
                    return None
                if self._pending or self._feedback:
                    now = time.monotonic()
                    heads = [q[0].queued_at for q in (self._pending, self._feedback) if q]
                    due = min(heads) + self._flush_interval
                    if self._urgent() or self._pending_items >= self._max_batch_size or now >= due:
                        break
                    wait = due - now
                else:
                    if self._stopping or deadline is not None:
                        return None
                    wait = None
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None
                    wait = left if wait is None else min(wait, left)
                self._idle = wait is None
                self._wake.wait(wait)
                self._idle = False
            take_track = bool(self._pending) and (not self._feedback or self._pending[0].seq < self._feedback[0].seq)
            if take_track:
                tracked: List[Entry] = []
                cap = self._max_batch_size
                while self._pending and len(tracked) < cap:
                    e = self._pending.popleft()
                    if self._open.get(e.key) is e:
                        del self._open[e.key]  # it has left the queue: later messages start a new entry
                    tracked.append(e)
                    self._pending_items -= len(e.messages)
                self._taking_min_seq = tracked[0].seq
            else:
                fb: List[FeedbackItem] = []
                while self._feedback and len(fb) < MAX_BATCH_CONVERSATIONS:
                    fb.append(self._feedback.popleft())
                self._pending_items -= len(fb)
                self._taking_min_seq = fb[0].seq
            budget = self._byte_budget
        # serialised outside the lock: the callers' track() never waits for JSON encoding
        issues: List[Issue] = []
        unsendable: List[Tuple[Entry, Msg]] = []
        if take_track:
            batch, rest_t = take_track_batch(tracked, self._max_batch_size, budget, issues,
                                             lambda e, m: unsendable.append((e, m)))
            if batch is None and budget < MAX_BODY_BYTES:
                budget = MAX_BODY_BYTES  # after a 413 nothing fit the lowered budget: try the API's own limit
                batch, rest_t = take_track_batch(rest_t, self._max_batch_size, budget, issues,
                                                 lambda e, m: unsendable.append((e, m)))
        else:
            batch, rest_f = take_feedback_batch(fb, budget)
        reports: List[_Report] = []
        for kind, conversation_id, message_id, reason in issues:
            text = (f"message {message_id} content shortened to the API limit of 32 KiB" if kind == "content_truncated"
                    else f"metadata dropped ({reason})" + (f" from message {message_id}" if message_id else ""))
            reports.append(("truncated", text, {"conversation_id": conversation_id}))
        with self._lock:
            self._taking_min_seq = None
            if self._abandoned or self._pid != pid:
                return None
            for e, m in unsendable:
                self._queued -= 1
                self._failed += 1
                reports.append(("rejected", f"message {m.id} is larger than a whole request may be; dropped",
                                {"conversation_id": e.conversation_id, "count": 1}))
            if take_track:
                for e in reversed(rest_t):
                    self._pending.appendleft(e)
                    self._pending_items += len(e.messages)
            else:
                for f in reversed(rest_f):
                    self._feedback.appendleft(f)
                self._pending_items += len(rest_f)
            self._inflight = batch
            if batch is None:
                self._done.notify_all()
        self._emit(reports)
        return batch

    def _deliver(self, batch: Batch, deadline: Optional[float], pid: int) -> None:
        """Sends one batch until it is settled: accepted, rejected, given up, or abandoned by shutdown."""
        url = self._track_url if batch.kind == "track" else self._feedback_url
        what = "messages" if batch.kind == "track" else "feedback"
        attempt = 0
        server_errors = 0  # attempts answered 500/501/...: limited by max_retries (outages are not)
        while True:
            if self._abandoned or self._pid != pid:
                return
            attempt += 1
            outcome = _transport.send(url, self._api_key, batch.body, self._timeout, _USER_AGENT)
            reports: List[_Report] = []
            delay: Optional[float] = None
            done = True
            with self._lock:
                if self._abandoned or self._pid != pid:
                    return  # shutdown() gave up on these and already counted them
                if outcome.kind == "ok":
                    self._end_outage()
                    delay = self._settle_items(batch, outcome, reports)
                elif outcome.kind == "reject":
                    if outcome.status == 413 and len(batch.body) > 1024:
                        self._byte_budget = max(1024, len(batch.body) // 2)
                        self._requeue(batch)
                        logger.debug("413 for %d bytes: lowering the request size to %d", len(batch.body),
                                     self._byte_budget)
                    else:
                        code = "unauthorized" if outcome.status in (401, 403) else "rejected"
                        self._settle_failed(batch.entries, batch.count, code,
                                            f"Sensei rejected a batch of {batch.count} {what}: HTTP {outcome.status} "
                                            f"{outcome.message}", outcome.status, outcome.details, reports)
                elif not outcome.unlimited and server_errors >= self._max_retries:
                    self._settle_failed(batch.entries, batch.count, "retries_exhausted",
                                        f"gave up on {batch.count} {what} after {attempt} attempts: {outcome.reason}",
                                        outcome.status, None, reports)
                else:
                    done = False
                    if not outcome.unlimited:
                        server_errors += 1
                    self._retried += batch.count
                    self._start_outage(outcome, batch.count, reports)
                    delay = self._delay(attempt, outcome.retry_after)
            self._emit(reports)
            if done:
                with self._lock:  # after on_error ran: flush() returns once its items are settled and reported
                    if self._inflight is batch:
                        self._inflight = None
                    self._done.notify_all()
            if delay is not None:
                self._sleep(delay, deadline)
            if done or (deadline is not None and time.monotonic() >= deadline):
                return

    def _settle_items(self, batch: Batch, outcome: _transport.Outcome, reports: List[_Report]) -> Optional[float]:
        """A 2xx: per-item results of a 207 decide each item's fate. Returns the backoff when items are retried."""
        if outcome.results is None:
            self._sent += batch.count
            self._queued -= batch.count
            self._after_settle()
            return None
        by_index: Dict[int, Mapping[str, Any]] = {}
        for r in outcome.results:
            if isinstance(r, dict) and isinstance(r.get("index"), int):
                by_index[r["index"]] = r
        retry: list = []
        retry_count = 0
        unlimited = True
        for i, entry in enumerate(batch.entries):
            r = by_index.get(i)
            status = _transport.item_status(r) if r is not None else 503  # unanswered: sent again (ids make it safe)
            n = len(entry.messages) if batch.kind == "track" else 1
            if status < 300:
                self._sent += n
                self._queued -= n
            elif status < 500 and status not in (408, 429):
                code = "unauthorized" if status in (401, 403) else "rejected"
                error = r.get("error") if r is not None else None
                what, unit = ("conversation", "messages") if batch.kind == "track" else ("feedback on", "feedback")
                self._settle_failed([entry], n, code, f"Sensei rejected {what} {entry.conversation_id} ({n} {unit}): "
                                    f"{_transport.describe_item_error(error, status)}", status, error, reports)
            else:
                entry.attempts += 1
                transient = status in _transport.TRANSIENT_STATUSES
                unlimited = unlimited and transient
                if not transient and entry.attempts > self._max_retries:
                    self._settle_failed([entry], n, "retries_exhausted", f"gave up on {entry.conversation_id} after "
                                        f"{entry.attempts} server errors", status, r.get("error") if r else None,
                                        reports)
                else:
                    retry.append(entry)
                    retry_count += n
        self._after_settle()
        if not retry:
            return None
        if batch.kind == "track":
            for e in reversed(retry):
                self._pending.appendleft(e)
        else:
            for f in reversed(retry):
                self._feedback.appendleft(f)
        self._pending_items += retry_count
        self._retried += retry_count
        self._start_outage(_transport.Outcome("retry", reason=f"{len(retry)} items answered with server errors",
                                              unlimited=unlimited), retry_count, reports)
        return self._delay(max(e.attempts for e in retry), None)

    def _requeue(self, batch: Batch) -> None:
        if batch.kind == "track":
            for e in reversed(batch.entries):
                self._pending.appendleft(e)
        else:
            for f in reversed(batch.entries):
                self._feedback.appendleft(f)
        self._pending_items += batch.count

    def _after_settle(self) -> None:
        if self._queued < self._max_queue_size / 2:
            self._overflow_reported = False

    def _settle_failed(self, entries: list, count: int, code: str, message: str, status: Optional[int],
                       details: Any, reports: List[_Report]) -> None:
        self._failed += count
        self._queued -= count
        self._after_settle()
        reports.append((code, message, {"status": status, "count": count, "details": details,
                                        "conversation_id": entries[0].conversation_id if len(entries) == 1 else None}))

    def _delay(self, attempt: int, retry_after: Optional[float]) -> float:
        if retry_after is not None:
            # honour the server's Retry-After (at least that long), plus a little jitter so clients don't stampede
            return retry_after + random.random() * min(1.0, retry_after * 0.1 + 0.001)
        ceiling = min(self._retry_max, self._retry_base * 2 ** min(attempt - 1, 30))
        return random.random() * ceiling  # "full jitter"

    def _sleep(self, seconds: float, deadline: Optional[float]) -> None:
        end = time.monotonic() + seconds
        if deadline is not None:
            end = min(end, deadline)
        with self._lock:
            while not self._abandoned:
                left = end - time.monotonic()
                if left <= 0:
                    return
                self._wake.wait(left)

    def _start_outage(self, outcome: _transport.Outcome, count: int, reports: List[_Report]) -> None:
        logger.debug("delivery failed (%s); retrying %d items", outcome.reason, count)
        if self._in_outage:
            return
        self._in_outage = True
        reports.append(("unavailable", f"Sensei is unreachable or failing ({outcome.reason}); items stay queued and "
                                       "are retried", {"status": outcome.status, "count": count,
                                                       "details": outcome.cause}))

    def _end_outage(self) -> None:
        if self._in_outage:
            logger.debug("Sensei reachable again")
        self._in_outage = False

    # ---- flush / shutdown / exit / fork ----

    def _settled_through(self, barrier: int) -> bool:
        heads = [q[0].seq for q in (self._pending, self._feedback) if q]
        if self._inflight is not None:
            heads.append(self._inflight.min_seq)
        if self._taking_min_seq is not None:
            heads.append(self._taking_min_seq)
        return not heads or min(heads) > barrier

    def _flush(self, timeout: Optional[float]) -> bool:
        if self._worker is not None and threading.current_thread() is self._worker:
            logger.debug("flush() called on the sender thread (from on_error?): not waiting")
            return False
        end = None if timeout is None else time.monotonic() + max(0.0, timeout)
        with self._lock:
            if self._abandoned:
                return self._queued == 0
            barrier = self._seq
            if self._settled_through(barrier):
                return True
            self._flushers += 1  # makes the sender send even small batches right away
            try:
                self._wake.notify_all()
                if self._worker is None or not self._worker.is_alive():
                    self._worker = None
                    inline = not self._start_worker_locked()
                else:
                    inline = False
                while not inline and not self._settled_through(barrier):
                    if self._abandoned:
                        return False
                    left = None if end is None else end - time.monotonic()
                    if left is not None and left <= 0:
                        return False
                    self._done.wait(left)
                if not inline:
                    return True
                self._flushers += 1  # kept for the inline run below
            finally:
                self._flushers -= 1
        # no thread can be started (interpreter exit): send on this thread, bounded
        try:
            self._run(deadline=time.monotonic() + (self._shutdown_timeout if end is None else end - time.monotonic()))
        finally:
            with self._lock:
                self._flushers -= 1
        with self._lock:
            return self._settled_through(barrier)

    def _shutdown(self, timeout: float) -> bool:
        with self._lock:
            self._closed = True
            self._wake.notify_all()
        _lifecycle.unregister_exit(self)
        ok = self._flush(timeout)
        reports: List[_Report] = []
        with self._lock:
            if not ok and not self._abandoned:
                left = self._queued
                self._abandoned = True
                self._dropped += left
                self._queued = self._pending_items = 0
                self._pending.clear()
                self._feedback.clear()
                self._open.clear()
                self._inflight = None
                if left:
                    reports.append(("shutdown", f"shutdown timed out with {left} items undelivered", {"count": left}))
            self._stopping = True
            self._shut_down = True
            self._wake.notify_all()
            self._done.notify_all()
        self._emit(reports)
        return ok

    def _flush_at_exit(self) -> None:
        """atexit: the same bounded flush as shutdown() (the sender is a daemon thread, still running here)."""
        if not self._closed:
            logger.debug("interpreter exit: flushing (at most %.1f s)", self._shutdown_timeout)
            self._shutdown(self._shutdown_timeout)

    def _after_fork_in_child(self) -> None:
        self._reset_state()
        logger.debug("forked: the child starts with an empty queue and its own sender thread")

    # ---- reporting ----

    def _report(self, code: str, message: str, **extra: Any) -> None:
        err = SenseiError(code, message, **extra)  # type: ignore[arg-type]
        logger.warning("%s: %s", code, message)
        cb = self._on_error
        if cb is not None:
            try:
                cb(err)
            except Exception:  # noqa: BLE001 - the application's handler must not break the SDK
                pass

    def _emit(self, reports: List[_Report]) -> None:
        for code, message, extra in reports:
            self._report(code, message, **{k: v for k, v in extra.items() if v is not None})

    def __repr__(self) -> str:
        return f"Sensei(base_url={self.base_url!r}, environment={self.environment!r}, {self.stats()})"


def _enable_debug_logging() -> None:
    if logger.level == logging.NOTSET or logger.level > logging.DEBUG:
        logger.setLevel(logging.DEBUG)
    if not any(not isinstance(h, logging.NullHandler) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[sensei] %(levelname)s %(message)s"))
        logger.addHandler(handler)
