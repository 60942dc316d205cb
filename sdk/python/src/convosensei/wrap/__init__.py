"""``wrap(client)``: records the chat calls made through an ``openai`` (``OpenAI`` / ``AsyncOpenAI``) or
``anthropic`` (``Anthropic`` / ``AsyncAnthropic``) client — ``chat.completions.create``, ``responses.create``,
``messages.create``; sync and async; JSON and streams.

Duck-typed: nothing is imported from those packages (they are not dependencies). The wrapper is a read-through
proxy over your client (your object is not modified); results are returned as they are, streams yield the
identical chunks, errors are re-raised unchanged, and a recording problem never reaches your code.
"""
from __future__ import annotations

import inspect
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, Mapping, Optional

from ._providers import (AnthropicAssembler, OpenAIChatAssembler, OpenAIResponsesAssembler, anthropic_input,
                         anthropic_reply, openai_chat_input, openai_chat_reply, openai_responses_input,
                         openai_responses_reply)
from ._record import (CONVERSATION_HEADER, USER_HEADER, CallContext, Exchange, Recorder, Reply, Resolvable,
                      conversation, split_headers)

if TYPE_CHECKING:  # pragma: no cover
    from ..client import Sensei

__all__ = ["CONVERSATION_HEADER", "USER_HEADER", "conversation", "wrap"]


class _Provider:
    def __init__(self, name: str, input: Callable[[Dict[str, Any]], Any], reply: Callable[[Any], Optional[Reply]],
                 assembler: Callable[[], Any]) -> None:
        self.name, self.input, self.reply, self.assembler = name, input, reply, assembler


_OPENAI_CHAT = _Provider("openai", openai_chat_input, openai_chat_reply, OpenAIChatAssembler)
_OPENAI_RESPONSES = _Provider("openai", openai_responses_input, openai_responses_reply, OpenAIResponsesAssembler)
_ANTHROPIC = _Provider("anthropic", anthropic_input, anthropic_reply, AnthropicAssembler)

#: recorded method path → provider; the prefixes of these paths are proxied resources
_OPENAI_PLAN = {"chat.completions.create": _OPENAI_CHAT, "responses.create": _OPENAI_RESPONSES}
_ANTHROPIC_PLAN = {"messages.create": _ANTHROPIC}


def _safe(fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception:  # noqa: BLE001 - recording must never reach the application
        pass


class _Call:
    """One recorded call: collects what happens and records it exactly once."""

    def __init__(self, recorder: Recorder, provider: _Provider, ctx: CallContext, input: Any,
                 params: Dict[str, Any]) -> None:
        self.recorder, self.provider, self.ctx = recorder, provider, ctx
        self.exchange = Exchange(provider.name, input, time.time(), stream=params.get("stream") is True,
                                 request_model=params.get("model") if isinstance(params.get("model"), str) else None)
        self.done = False

    def finish(self, reply: Optional[Reply] = None, error: Optional[BaseException] = None,
               aborted: bool = False) -> None:
        if self.done:
            return
        self.done = True
        ex = self.exchange
        ex.ended_at, ex.reply, ex.error, ex.aborted = time.time(), reply, error, aborted
        self.recorder.record(self.ctx, ex)

    def chunk(self) -> None:
        if self.exchange.first_chunk_at is None:
            self.exchange.first_chunk_at = time.time()

    def observe(self, value: Any) -> Any:
        """The call's value: streams are wrapped (to see each chunk), anything else is recorded and returned."""
        try:
            requested = self.exchange.stream
            if _is_async_stream(value, requested):
                return _AsyncStream(value, self, self.provider.assembler())
            if _is_stream(value, requested):
                return _SyncStream(value, self, self.provider.assembler())
            reply = self.provider.reply(value)
            if reply is not None:
                self.finish(reply=reply)
        except Exception:  # noqa: BLE001
            pass
        return value


def _looks_like_result(v: Any) -> bool:
    return any(isinstance(getattr(v, k, None) if not isinstance(v, dict) else v.get(k), (list, tuple))
               for k in ("choices", "content", "output"))


def _is_stream(v: Any, requested: bool) -> bool:
    if isinstance(v, (dict, list, tuple, str, bytes)) or _looks_like_result(v):
        return False
    return hasattr(v, "__next__") or (requested and hasattr(v, "__iter__"))


def _is_async_stream(v: Any, requested: bool) -> bool:
    if _looks_like_result(v):
        return False
    return hasattr(v, "__anext__") or (requested and hasattr(v, "__aiter__"))


class _SyncStream:
    """Yields the stream's chunks unchanged; the assembled reply is recorded when it ends (or is closed early).
    Everything else (``.response``, ``.close()``, ``with``) reaches the SDK's own stream object."""

    def __init__(self, inner: Any, call: _Call, asm: Any) -> None:
        self._inner, self._call, self._asm = inner, call, asm
        self._it: Any = None

    def __iter__(self) -> "_SyncStream":
        return self

    def __next__(self) -> Any:
        if self._it is None:
            self._it = iter(self._inner)
        try:
            chunk = next(self._it)
        except StopIteration:
            _safe(lambda: self._call.finish(reply=self._asm.reply()))
            raise
        except BaseException as e:
            _safe(lambda: self._call.finish(error=e))
            raise
        _safe(lambda: (self._call.chunk(), self._asm.add(chunk)))
        return chunk

    def _abort(self) -> None:
        _safe(lambda: self._call.finish(reply=self._asm.reply(), aborted=True))

    def close(self) -> Any:
        self._abort()
        close = getattr(self._inner, "close", None)
        return close() if callable(close) else None

    def __enter__(self) -> "_SyncStream":
        enter = getattr(self._inner, "__enter__", None)
        if callable(enter):
            enter()
        return self

    def __exit__(self, *exc: Any) -> Any:
        self._abort()
        exit_ = getattr(self._inner, "__exit__", None)
        return exit_(*exc) if callable(exit_) else None

    def __del__(self) -> None:
        if not self._call.done:  # the application stopped reading without closing: record what it got
            self._abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _AsyncStream:
    """Async counterpart of :class:`_SyncStream` (``async for``, ``await stream.close()``, ``async with``)."""

    def __init__(self, inner: Any, call: _Call, asm: Any) -> None:
        self._inner, self._call, self._asm = inner, call, asm
        self._it: Any = None

    def __aiter__(self) -> "_AsyncStream":
        return self

    async def __anext__(self) -> Any:
        if self._it is None:
            self._it = self._inner.__aiter__()
        try:
            chunk = await self._it.__anext__()
        except StopAsyncIteration:
            _safe(lambda: self._call.finish(reply=self._asm.reply()))
            raise
        except BaseException as e:
            _safe(lambda: self._call.finish(error=e))
            raise
        _safe(lambda: (self._call.chunk(), self._asm.add(chunk)))
        return chunk

    def _abort(self) -> None:
        _safe(lambda: self._call.finish(reply=self._asm.reply(), aborted=True))

    async def close(self) -> Any:
        self._abort()
        close = getattr(self._inner, "close", None) or getattr(self._inner, "aclose", None)
        if callable(close):
            r = close()
            return await r if inspect.isawaitable(r) else r
        return None

    async def __aenter__(self) -> "_AsyncStream":
        enter = getattr(self._inner, "__aenter__", None)
        if callable(enter):
            await enter()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        self._abort()
        exit_ = getattr(self._inner, "__aexit__", None)
        return (await exit_(*exc)) if callable(exit_) else None

    def __del__(self) -> None:
        if not self._call.done:
            self._abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _instrumented(recorder: Recorder, provider: _Provider, orig: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        rec: Optional[_Call] = None
        try:
            kwargs, header_ctx = split_headers(kwargs)
            rec = _Call(recorder, provider, recorder.context(header_ctx), provider.input(kwargs), kwargs)
        except Exception:  # noqa: BLE001 - could not inspect the call: it still runs, unrecorded
            rec = None
        try:
            result = orig(*args, **kwargs)
        except BaseException as e:
            if rec is not None:
                _safe(lambda: rec.finish(error=e))
            raise
        if rec is None:
            return result
        if inspect.isawaitable(result):
            return _awaited(result, rec)
        return rec.observe(result)

    call.__wrapped__ = orig  # type: ignore[attr-defined]
    call.__name__ = getattr(orig, "__name__", "create")
    call.__doc__ = getattr(orig, "__doc__", None)
    return call


async def _awaited(awaitable: Any, rec: _Call) -> Any:
    try:
        value = await awaitable
    except BaseException as e:
        _safe(lambda: rec.finish(error=e))
        raise
    return rec.observe(value)


class _Proxy:
    """Read-through proxy: resources on recorded paths are proxied too, recorded methods replaced, everything else
    is the client's own attribute (so private fields, other methods, ``with_raw_response`` keep working)."""

    __slots__ = ("_sensei_target", "_sensei_path", "_sensei_plan", "_sensei_recorder", "_sensei_rewrap",
                 "_sensei_cache")

    def __init__(self, target: Any, path: str, plan: Mapping[str, _Provider], recorder: Recorder,
                 rewrap: Callable[[Any], Any]) -> None:
        object.__setattr__(self, "_sensei_target", target)
        object.__setattr__(self, "_sensei_path", path)
        object.__setattr__(self, "_sensei_plan", plan)
        object.__setattr__(self, "_sensei_recorder", recorder)
        object.__setattr__(self, "_sensei_rewrap", rewrap)
        object.__setattr__(self, "_sensei_cache", {})

    def __getattr__(self, name: str) -> Any:
        target = self._sensei_target
        value = getattr(target, name)
        cache = self._sensei_cache
        hit = cache.get(name)
        if hit is not None and hit[0] is value:
            return hit[1]
        key = f"{self._sensei_path}.{name}" if self._sensei_path else name
        result = value
        try:
            provider = self._sensei_plan.get(key)
            if provider is not None and callable(value):
                result = _instrumented(self._sensei_recorder, provider, value)
            elif any(p.startswith(key + ".") for p in self._sensei_plan):
                result = _Proxy(value, key, self._sensei_plan, self._sensei_recorder, self._sensei_rewrap)
            elif name in ("with_options", "copy") and not self._sensei_path and callable(value):
                rewrap = self._sensei_rewrap
                result = lambda *a, **k: rewrap(value(*a, **k))  # noqa: E731 - a derived client records too
        except Exception:  # noqa: BLE001
            result = value
        cache[name] = (value, result)
        return result

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._sensei_target, name, value)

    def __dir__(self) -> Any:
        return dir(self._sensei_target)

    def __repr__(self) -> str:
        return repr(self._sensei_target)

    def __enter__(self) -> Any:
        self._sensei_target.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._sensei_target.__exit__(*exc)

    async def __aenter__(self) -> Any:
        await self._sensei_target.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> Any:
        return await self._sensei_target.__aexit__(*exc)


def _has(obj: Any, path: str) -> bool:
    try:
        for part in path.split("."):
            obj = getattr(obj, part)
        return callable(obj)
    except Exception:  # noqa: BLE001
        return False


def wrap(client: Any, *, conversation_id: Resolvable = None, user_id: Resolvable = None,
         metadata: Optional[Mapping[str, Any]] = None, record_system: bool = True,
         sensei: "Optional[Sensei]" = None) -> Any:
    """Returns a client that behaves like ``client`` and records its chat calls into Sensei.

    The conversation of a call comes from, in order: the ``x-sensei-conversation-id`` / ``x-sensei-user-id``
    headers in the call's ``extra_headers`` (removed before the request is sent), the enclosing
    ``with convosensei.conversation("id"):``, then ``conversation_id`` here (a string or a function returning one).
    ``sensei``: the client to record into (default: the one ``convosensei.init()`` created).
    """
    try:
        if _has(client, "chat.completions.create") or _has(client, "responses.create"):
            plan: Mapping[str, _Provider] = _OPENAI_PLAN
        elif _has(client, "messages.create"):
            plan = _ANTHROPIC_PLAN
        else:
            plan = {}
        if plan:
            recorder = Recorder(sensei, conversation_id, user_id, metadata, record_system)

            def rewrap(c: Any) -> Any:
                return wrap(c, conversation_id=conversation_id, user_id=user_id, metadata=metadata,
                            record_system=record_system, sensei=sensei)

            return _Proxy(client, "", plan, recorder, rewrap)
    except Exception:  # noqa: BLE001 - an unknown client is returned as it is
        pass
    import logging
    logging.getLogger("convosensei").warning("wrap(): not an OpenAI or Anthropic client; returned unchanged")
    return client
