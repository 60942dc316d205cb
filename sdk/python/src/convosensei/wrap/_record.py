"""What the wrappers share: the conversation context of a call, and turning one LLM call (input messages + reply
or error) into Sensei messages with stable ids, each recorded once (chat APIs re-send the whole history)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Set, Tuple, Union

from .. import _lifecycle
from .._util import stable_id

if TYPE_CHECKING:  # pragma: no cover
    from ..client import Sensei

CONVERSATION_HEADER = "x-sensei-conversation-id"
USER_HEADER = "x-sensei-user-id"
_HEADERS = (CONVERSATION_HEADER, USER_HEADER)
_MAX_CONVERSATIONS_REMEMBERED = 1000

Resolvable = Union[str, Callable[[], Optional[str]], None]


@dataclass
class CallContext:
    conversation_id: Optional[str] = None
    user_id: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None
    ended: Optional[bool] = None


_current: "ContextVar[Optional[CallContext]]" = ContextVar("convosensei_conversation", default=None)


class conversation:  # noqa: N801 - used like a function: `with convosensei.conversation("c-1"):`
    """Context manager (``with`` and ``async with``): LLM calls of wrapped clients inside it are recorded under
    this conversation. Uses a ContextVar, so it follows asyncio tasks and is per thread."""

    def __init__(self, conversation_id: str, *, user_id: Optional[str] = None,
                 metadata: Optional[Mapping[str, Any]] = None, ended: Optional[bool] = None) -> None:
        self.context = CallContext(conversation_id, user_id, dict(metadata) if metadata else None, ended)
        self._tokens: List[Token] = []

    def __enter__(self) -> CallContext:
        self._tokens.append(_current.set(self.context))
        return self.context

    def __exit__(self, *exc: Any) -> None:
        _current.reset(self._tokens.pop())

    async def __aenter__(self) -> CallContext:
        return self.__enter__()

    async def __aexit__(self, *exc: Any) -> None:
        self.__exit__(*exc)


def current_context() -> Optional[CallContext]:
    return _current.get()


def split_headers(kwargs: Dict[str, Any]) -> Tuple[Dict[str, Any], Optional[CallContext]]:
    """Takes the x-sensei-* headers out of ``extra_headers`` (a copy; the caller's dict is not changed)."""
    headers = kwargs.get("extra_headers")
    if not isinstance(headers, Mapping) or not any(str(k).lower() in _HEADERS for k in headers):
        return kwargs, None
    ctx = CallContext()
    rest: Dict[str, Any] = {}
    for k, v in headers.items():
        name = str(k).lower()
        if name == CONVERSATION_HEADER:
            ctx.conversation_id = None if v is None else str(v)
        elif name == USER_HEADER:
            ctx.user_id = None if v is None else str(v)
        else:
            rest[k] = v
    kwargs = dict(kwargs)
    if rest:
        kwargs["extra_headers"] = rest
    else:
        del kwargs["extra_headers"]
    return kwargs, ctx


@dataclass
class Reply:
    content: str
    model: Optional[str] = None
    id: Optional[str] = None
    prompt_tokens: Optional[int] = None
    completion_tokens: Optional[int] = None
    finish_reason: Optional[str] = None


@dataclass
class Exchange:
    provider: str
    input: List[Tuple[str, str]]
    started_at: float
    stream: bool = False
    request_model: Optional[str] = None
    ended_at: float = 0.0
    first_chunk_at: Optional[float] = None
    reply: Optional[Reply] = None
    error: Optional[BaseException] = None
    aborted: bool = False
    extra: Dict[str, Any] = field(default_factory=dict)


def _resolve(v: Resolvable) -> Optional[str]:
    try:
        r = v() if callable(v) else v
    except Exception:  # noqa: BLE001 - a resolver that fails means "no id", never an app error
        return None
    return None if r is None else str(r)


class Recorder:
    def __init__(self, sensei: "Optional[Sensei]", conversation_id: Resolvable = None, user_id: Resolvable = None,
                 metadata: Optional[Mapping[str, Any]] = None, record_system: bool = True) -> None:
        self._sensei = sensei
        self._conversation_id = conversation_id
        self._user_id = user_id
        self._metadata = dict(metadata) if metadata else None
        self._record_system = record_system
        self._seen: "OrderedDict[str, Set[str]]" = OrderedDict()
        self._lock = threading.Lock()
        self._warned_no_id = False
        _lifecycle.register_fork(self)

    def _after_fork_in_child(self) -> None:
        self._lock = threading.Lock()

    def sensei(self) -> "Optional[Sensei]":
        if self._sensei is not None:
            return self._sensei
        from .. import get_instance
        return get_instance()

    def context(self, call: Optional[CallContext]) -> CallContext:
        """Per-call headers, then the enclosing ``conversation()``, then the wrap() options."""
        scoped = current_context()
        layers = [c for c in (call, scoped) if c is not None]

        def pick(name: str) -> Any:
            for c in layers:
                v = getattr(c, name)
                if v is not None:
                    return v
            return None

        metadata: Optional[Dict[str, Any]] = None
        for m in (self._metadata, scoped.metadata if scoped else None, call.metadata if call else None):
            if m:
                metadata = {**(metadata or {}), **m}
        return CallContext(
            conversation_id=pick("conversation_id") or _resolve(self._conversation_id),
            user_id=pick("user_id") or _resolve(self._user_id),
            metadata=metadata,
            ended=pick("ended"),
        )

    def record(self, ctx: CallContext, ex: Exchange) -> None:
        """Never raises: a recording problem must not reach the application."""
        try:
            self._record(ctx, ex)
        except Exception as e:  # noqa: BLE001
            s = self.sensei()
            if s is not None:
                s.report_problem("invalid_input", f"could not record an LLM call: {e!r}")

    def _record(self, ctx: CallContext, ex: Exchange) -> None:
        sensei = self.sensei()
        if sensei is None:
            return
        cid = ctx.conversation_id
        if not cid:
            if not self._warned_no_id:
                self._warned_no_id = True
                sensei.report_problem("invalid_input", "an LLM call had no conversation id (use wrap(client, "
                                      "conversation_id=...), `with convosensei.conversation(...)` or the "
                                      f"{CONVERSATION_HEADER} header in extra_headers); not recorded")
            return
        occurrences: Dict[Tuple[str, str], int] = {}

        def id_of(role: str, content: str) -> str:
            k = (role, content)
            n = occurrences.get(k, 0)
            occurrences[k] = n + 1
            return stable_id("w", [cid, role, content, str(n)])

        with self._lock:
            seen = self._seen_set(cid)
            fresh = []
            for role, content in ex.input:
                if (role == "system" and not self._record_system) or not content:
                    continue
                mid = id_of(role, content)
                if mid not in seen:
                    fresh.append((mid, role, content))
            messages: List[Dict[str, Any]] = [
                # input messages have no time of their own: just before the call, in order (1 ms apart)
                {"id": mid, "role": role, "content": content, "timestamp": ex.started_at - (len(fresh) - 1 - j) / 1000}
                for j, (mid, role, content) in enumerate(fresh)
            ]
            latency_ms = max(0.0, (ex.ended_at - ex.started_at) * 1000)
            done_at = max(ex.ended_at, ex.started_at + 0.001)
            if ex.reply is not None and (ex.reply.content or not ex.aborted):
                r = ex.reply
                content = r.content or "(empty reply)"
                meta: Dict[str, Any] = {"provider": ex.provider, "model": r.model or ex.request_model,
                                        "stream": ex.stream, **ex.extra}
                if r.finish_reason:
                    meta["finish_reason"] = r.finish_reason
                if r.prompt_tokens is not None:
                    meta["prompt_tokens"] = r.prompt_tokens
                if r.completion_tokens is not None:
                    meta["completion_tokens"] = r.completion_tokens
                if ex.first_chunk_at is not None:
                    meta["time_to_first_token_ms"] = round(max(0.0, ex.first_chunk_at - ex.started_at) * 1000)
                if r.id:
                    meta["response_id"] = r.id
                if ex.aborted:
                    meta["aborted"] = True
                msg: Dict[str, Any] = {"id": id_of("assistant", content), "role": "assistant", "content": content,
                                       "timestamp": done_at, "latency_ms": latency_ms, "metadata": meta}
                if isinstance(r.completion_tokens, int):
                    msg["tokens"] = r.completion_tokens
                messages.append(msg)
            elif ex.error is not None:
                e = ex.error
                status = getattr(e, "status_code", None) or getattr(e, "status", None)
                status = status if isinstance(status, int) else None
                etype = getattr(e, "type", None) or getattr(e, "code", None) or type(e).__name__
                messages.append({
                    "id": stable_id("e", [cid, repr(ex.started_at), str(id(e))]),
                    "role": "assistant",
                    "content": f"[{ex.provider} error{f' {status}' if status else ''}] {str(e)[:2000]}",
                    "timestamp": done_at, "latency_ms": latency_ms,
                    "metadata": {"provider": ex.provider, "model": ex.request_model, "error": True,
                                 "error_type": str(etype), "status": status, "stream": ex.stream},
                })
            if not messages and not ctx.ended:
                return
            for m in messages:
                seen.add(m["id"])
        sensei.track(cid, messages, user_id=ctx.user_id, metadata=ctx.metadata, ended=bool(ctx.ended))

    def _seen_set(self, cid: str) -> Set[str]:
        s = self._seen.get(cid)
        if s is not None:
            self._seen.move_to_end(cid)
            return s
        if len(self._seen) >= _MAX_CONVERSATIONS_REMEMBERED:
            self._seen.popitem(last=False)
        s = self._seen[cid] = set()
        return s

