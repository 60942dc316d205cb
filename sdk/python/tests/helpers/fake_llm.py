"""Stand-ins for the ``openai`` and ``anthropic`` Python clients (not installable here: no PyPI).

They mimic the public surface the wrapper relies on, as those SDKs (openai 1.x, anthropic 0.x) expose it:
resources reached by attribute (``client.chat.completions``, ``client.responses``, ``client.messages``), keyword-only
``create(...)`` taking ``extra_headers``, results as attribute objects (pydantic models there), ``stream=True``
returning a ``Stream`` (iterator with ``close()``, context manager, ``.response``) or, on the async clients, an
``AsyncStream`` (``async for``, ``await close()``, ``async with``); streamed events with the same ``type`` names and
fields (chat.completion.chunk deltas; Responses ``response.output_text.delta`` / ``response.completed``; Messages
``message_start`` / ``content_block_delta`` / ``message_delta``); errors with ``status_code``.
"""
from __future__ import annotations

import asyncio
from types import SimpleNamespace as O
from typing import Any, Dict, List, Optional


def answer_for(prompt: str) -> str:
    return f"You said: {prompt}. Anything else?"


def words(text: str) -> List[str]:
    out, cur = [], ""
    for ch in text:
        cur += ch
        if ch == " ":
            out.append(cur)
            cur = ""
    return out + ([cur] if cur else [])


class APIStatusError(Exception):
    """Like openai.APIStatusError / anthropic.APIStatusError."""

    def __init__(self, message: str, status_code: int, type_: str = "rate_limit_error") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.type = type_
        self.body = {"error": {"type": type_, "message": message}}


class Stream:
    """Like openai.Stream / anthropic.Stream."""

    def __init__(self, events: List[Any], fail_after: Optional[int] = None) -> None:
        self._events = events
        self._fail_after = fail_after
        self.response = O(status_code=200, headers={"x-request-id": "req-1"})
        self.closed = False
        self._iterator = self.__stream__()

    def __stream__(self):
        for i, e in enumerate(self._events):
            if self._fail_after is not None and i == self._fail_after:
                raise APIStatusError("connection reset mid-stream", 500, "api_error")
            yield e

    def __iter__(self):
        for item in self._iterator:
            yield item

    def __next__(self):
        return self._iterator.__next__()

    def close(self) -> None:
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncStream:
    def __init__(self, events: List[Any], fail_after: Optional[int] = None) -> None:
        self._events = events
        self._fail_after = fail_after
        self.response = O(status_code=200, headers={})
        self.closed = False
        self._iterator = self.__stream__()

    async def __stream__(self):
        for i, e in enumerate(self._events):
            await asyncio.sleep(0)
            if self._fail_after is not None and i == self._fail_after:
                raise APIStatusError("connection reset mid-stream", 500, "api_error")
            yield e

    def __aiter__(self):
        return self._iterator

    async def __anext__(self):
        return await self._iterator.__anext__()

    async def close(self) -> None:
        self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


class _Behaviour:
    def __init__(self) -> None:
        self.calls: List[Dict[str, Any]] = []
        self.error: Optional[Exception] = None
        self.fail_after: Optional[int] = None


def _last_user_text(messages: Any) -> str:
    for m in reversed(list(messages or [])):
        if m.get("role") == "user":
            c = m.get("content")
            text = c if isinstance(c, str) else " ".join(p.get("text", "") for p in c if isinstance(p, dict)).strip()
            if text:  # a turn of tool results only: answer the question before it
                return text
    return ""


# ---- OpenAI ----

def _chat_completion(model: str, text: str, prompt_tokens: int) -> Any:
    return O(id="chatcmpl-1", object="chat.completion", created=1, model=model,
             choices=[O(index=0, finish_reason="stop", message=O(role="assistant", content=text, refusal=None,
                                                                 tool_calls=None, function_call=None))],
             usage=O(prompt_tokens=prompt_tokens, completion_tokens=len(words(text)), total_tokens=0))


def _chat_chunks(model: str, text: str, include_usage: bool) -> List[Any]:
    chunks = [O(id="chatcmpl-2", object="chat.completion.chunk", model=model, usage=None,
                choices=[O(index=0, delta=O(role="assistant", content="", tool_calls=None, refusal=None),
                           finish_reason=None)])]
    for w in words(text):
        chunks.append(O(id="chatcmpl-2", object="chat.completion.chunk", model=model, usage=None,
                        choices=[O(index=0, delta=O(role=None, content=w, tool_calls=None, refusal=None),
                                   finish_reason=None)]))
    chunks.append(O(id="chatcmpl-2", object="chat.completion.chunk", model=model, usage=None,
                    choices=[O(index=0, delta=O(role=None, content=None, tool_calls=None, refusal=None),
                               finish_reason="stop")]))
    if include_usage:
        chunks.append(O(id="chatcmpl-2", object="chat.completion.chunk", model=model, choices=[],
                        usage=O(prompt_tokens=5, completion_tokens=len(words(text)), total_tokens=0)))
    return chunks


def _response(model: str, text: str) -> Any:
    r = O(id="resp_1", object="response", model=model, status="completed", incomplete_details=None,
          output=[O(type="reasoning", id="rs_1", summary=[]),
                  O(type="message", id="msg_1", role="assistant", status="completed",
                    content=[O(type="output_text", text=text, annotations=[])])],
          usage=O(input_tokens=9, output_tokens=len(words(text)), total_tokens=0))
    r.output_text = text
    return r


def _response_events(model: str, text: str) -> List[Any]:
    created = O(id="resp_2", object="response", model=model, status="in_progress", output=[], usage=None)
    events = [O(type="response.created", sequence_number=0, response=created)]
    for i, w in enumerate(words(text)):
        events.append(O(type="response.output_text.delta", sequence_number=i + 1, item_id="msg_1", output_index=0,
                        content_index=0, delta=w))
    events.append(O(type="response.completed", sequence_number=99, response=_response(model, text)))
    return events


class _OpenAIRun:
    def __init__(self, b: _Behaviour, async_: bool) -> None:
        self.b, self.async_ = b, async_

    def _chat(self, kw: Dict[str, Any]) -> Any:
        self.b.calls.append(kw)
        if self.b.error:
            raise self.b.error
        text = answer_for(_last_user_text(kw["messages"]))
        if kw.get("stream"):
            chunks = _chat_chunks(kw["model"], text, bool((kw.get("stream_options") or {}).get("include_usage")))
            return (AsyncStream if self.async_ else Stream)(chunks, self.b.fail_after)
        return _chat_completion(kw["model"], text, prompt_tokens=len(kw["messages"]) * 3)

    def _responses(self, kw: Dict[str, Any]) -> Any:
        self.b.calls.append(kw)
        if self.b.error:
            raise self.b.error
        inp = kw["input"]
        text = answer_for(inp if isinstance(inp, str) else _last_user_text(inp))
        if kw.get("stream"):
            return (AsyncStream if self.async_ else Stream)(_response_events(kw["model"], text), self.b.fail_after)
        return _response(kw["model"], text)


class _Completions:
    def __init__(self, run: _OpenAIRun) -> None:
        self._run = run

    def create(self, *, model: str, messages: List[Dict[str, Any]], stream: bool = False,
               extra_headers: Optional[Dict[str, str]] = None, **kw: Any) -> Any:
        return self._run._chat(dict(model=model, messages=messages, stream=stream, extra_headers=extra_headers, **kw))


class _AsyncCompletions(_Completions):
    async def create(self, *, model: str, messages: List[Dict[str, Any]], stream: bool = False,  # type: ignore[override]
                     extra_headers: Optional[Dict[str, str]] = None, **kw: Any) -> Any:
        await asyncio.sleep(0)
        return self._run._chat(dict(model=model, messages=messages, stream=stream, extra_headers=extra_headers, **kw))


class _Responses:
    def __init__(self, run: _OpenAIRun) -> None:
        self._run = run

    def create(self, *, model: str, input: Any, stream: bool = False, extra_headers: Optional[Dict[str, str]] = None,
               **kw: Any) -> Any:
        return self._run._responses(dict(model=model, input=input, stream=stream, extra_headers=extra_headers, **kw))


class _AsyncResponses(_Responses):
    async def create(self, *, model: str, input: Any, stream: bool = False,  # type: ignore[override]
                     extra_headers: Optional[Dict[str, str]] = None, **kw: Any) -> Any:
        await asyncio.sleep(0)
        return self._run._responses(dict(model=model, input=input, stream=stream, extra_headers=extra_headers, **kw))


class _Models:
    def list(self) -> List[str]:
        return ["gpt-4o-mini"]


class OpenAI:
    """Like openai.OpenAI."""

    _async = False

    def __init__(self, behaviour: Optional[_Behaviour] = None, api_key: str = "sk-openai") -> None:
        self.behaviour = behaviour or _Behaviour()
        self.api_key = api_key
        run = _OpenAIRun(self.behaviour, self._async)
        self.chat = O(completions=(_AsyncCompletions if self._async else _Completions)(run))
        self.responses = (_AsyncResponses if self._async else _Responses)(run)
        self.models = _Models()

    def with_options(self, **kw: Any) -> "OpenAI":
        return type(self)(self.behaviour, api_key=kw.get("api_key", self.api_key))


class AsyncOpenAI(OpenAI):
    _async = True


# ---- Anthropic ----

def _message(model: str, text: str, blocks: Optional[List[Any]] = None) -> Any:
    return O(id="msg_01", type="message", role="assistant", model=model,
             content=blocks or [O(type="text", text=text, citations=None)], stop_reason="end_turn",
             stop_sequence=None, usage=O(input_tokens=12, output_tokens=len(words(text))))


def _message_events(model: str, text: str) -> List[Any]:
    events = [O(type="message_start", message=O(id="msg_02", type="message", role="assistant", model=model,
                                                   content=[], stop_reason=None,
                                                   usage=O(input_tokens=12, output_tokens=1))),
              O(type="content_block_start", index=0, content_block=O(type="text", text=""))]
    for w in words(text):
        events.append(O(type="content_block_delta", index=0, delta=O(type="text_delta", text=w)))
    events += [O(type="content_block_stop", index=0),
               O(type="message_delta", delta=O(stop_reason="end_turn", stop_sequence=None),
                 usage=O(output_tokens=len(words(text)))),
               O(type="message_stop")]
    return events


class _Messages:
    _async = False

    def __init__(self, b: _Behaviour) -> None:
        self.b = b

    def _run(self, kw: Dict[str, Any]) -> Any:
        self.b.calls.append(kw)
        if self.b.error:
            raise self.b.error
        text = answer_for(_last_user_text(kw["messages"]))
        if kw.get("tools") and not any(isinstance(m.get("content"), list) for m in kw["messages"]):
            return _message(kw["model"], "", [O(type="text", text="Let me look that up."),
                                              O(type="tool_use", id="tu_1", name="lookup_order",
                                                input={"order_id": "A-1"})])
        if kw.get("stream"):
            return (AsyncStream if self._async else Stream)(_message_events(kw["model"], text), self.b.fail_after)
        return _message(kw["model"], text)

    def create(self, *, model: str, max_tokens: int, messages: List[Dict[str, Any]], stream: bool = False,
               extra_headers: Optional[Dict[str, str]] = None, **kw: Any) -> Any:
        return self._run(dict(model=model, max_tokens=max_tokens, messages=messages, stream=stream,
                              extra_headers=extra_headers, **kw))


class _AsyncMessages(_Messages):
    _async = True

    async def create(self, *, model: str, max_tokens: int, messages: List[Dict[str, Any]],  # type: ignore[override]
                     stream: bool = False, extra_headers: Optional[Dict[str, str]] = None, **kw: Any) -> Any:
        await asyncio.sleep(0)
        return self._run(dict(model=model, max_tokens=max_tokens, messages=messages, stream=stream,
                              extra_headers=extra_headers, **kw))


class Anthropic:
    """Like anthropic.Anthropic."""

    _async = False

    def __init__(self, behaviour: Optional[_Behaviour] = None) -> None:
        self.behaviour = behaviour or _Behaviour()
        self.messages = (_AsyncMessages if self._async else _Messages)(self.behaviour)


class AsyncAnthropic(Anthropic):
    _async = True
