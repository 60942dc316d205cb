"""wrap() around stand-ins of the openai and anthropic clients (tests/helpers/fake_llm.py), recording into a
Sensei client that sends to a real local HTTP server."""
from __future__ import annotations

import asyncio
import gc
import threading

import pytest

import convosensei
from convosensei import Sensei, conversation
from fake_llm import APIStatusError, AsyncAnthropic, AsyncOpenAI, Anthropic, OpenAI, answer_for, words


@pytest.fixture
def sensei(sink):
    errors: list = []
    s = Sensei("k", base_url=sink.url, capture_exit=False, flush_interval=60, on_error=errors.append)
    s.errors = errors  # type: ignore[attr-defined]
    yield s
    s.shutdown()


def recorded(sink, sensei, cid):
    assert sensei.flush(5)
    return sink.messages(cid)


HISTORY = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Where is my parcel?"}]


# ---- OpenAI chat completions ----

def test_openai_create__returns_the_same_completion_and_records_the_exchange(sink, sensei):
    raw = OpenAI()
    client = sensei.wrap(raw, conversation_id="oa-1", user_id="u-1")
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=HISTORY)
    assert completion.choices[0].message.content == answer_for("Where is my parcel?")
    msgs = recorded(sink, sensei, "oa-1")
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("system", "Be brief."), ("user", "Where is my parcel?"), ("assistant", answer_for("Where is my parcel?"))]
    reply = msgs[-1]
    assert reply["metadata"]["provider"] == "openai" and reply["metadata"]["model"] == "gpt-4o-mini"
    assert reply["metadata"]["prompt_tokens"] == 6 and reply["tokens"] == len(words(reply["content"]))
    assert reply["metadata"]["finish_reason"] == "stop" and reply["metadata"]["stream"] is False
    assert "latency_ms" in reply and msgs[0]["timestamp"] < msgs[1]["timestamp"] < reply["timestamp"]
    assert sink.items()[0]["user_id"] == "u-1"
    assert client.models.list() == ["gpt-4o-mini"]  # other resources pass through


def test_openai_header__used_and_stripped_before_the_api_call(sink, sensei):
    raw = OpenAI()
    client = sensei.wrap(raw, conversation_id="from-wrap")
    headers = {"x-sensei-conversation-id": "from-header", "X-Sensei-User-Id": "u-h", "x-trace": "t1"}
    client.chat.completions.create(model="m", messages=HISTORY, extra_headers=headers)
    assert raw.behaviour.calls[0]["extra_headers"] == {"x-trace": "t1"}
    assert headers["x-sensei-conversation-id"] == "from-header"  # the caller's dict is untouched
    client.chat.completions.create(model="m", messages=HISTORY, extra_headers={"x-sensei-conversation-id": "h2"})
    assert raw.behaviour.calls[1]["extra_headers"] is None
    assert sensei.flush(5)
    assert [it["conversation_id"] for it in sink.items()] == ["from-header", "h2"]
    assert sink.items()[0]["user_id"] == "u-h"


def test_openai_stream__identical_chunks_and_the_assembled_reply_recorded(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="oa-stream")
    reference = list(OpenAI().chat.completions.create(model="m", messages=HISTORY, stream=True))
    stream = client.chat.completions.create(model="m", messages=HISTORY, stream=True,
                                            stream_options={"include_usage": True})
    assert stream.response.status_code == 200  # the SDK stream's own attributes
    got = [c for c in stream]
    assert [c.choices[0].delta.content for c in got if c.choices] == [c.choices[0].delta.content for c in reference]
    reply = recorded(sink, sensei, "oa-stream")[-1]
    assert reply["content"] == answer_for("Where is my parcel?")
    assert reply["metadata"]["stream"] is True and reply["metadata"]["finish_reason"] == "stop"
    assert reply["tokens"] == len(words(reply["content"])) and "time_to_first_token_ms" in reply["metadata"]


def test_openai_stream__context_manager_and_early_close_record_what_was_read(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="oa-abort")
    with client.chat.completions.create(model="m", messages=HISTORY, stream=True) as stream:
        first = [next(stream), next(stream), next(stream)]
    assert stream.closed is True
    reply = recorded(sink, sensei, "oa-abort")[-1]
    assert reply["content"] == "".join(c.choices[0].delta.content for c in first)
    assert reply["metadata"]["aborted"] is True


def test_openai_stream__abandoned_without_close_is_recorded_when_collected(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="oa-gc")
    stream = client.chat.completions.create(model="m", messages=HISTORY, stream=True)
    next(stream), next(stream)
    del stream
    gc.collect()
    assert recorded(sink, sensei, "oa-gc")[-1]["metadata"]["aborted"] is True


def test_openai_stream_broken_midway__error_reaches_the_app_and_is_recorded(sink, sensei):
    raw = OpenAI()
    raw.behaviour.fail_after = 3
    client = sensei.wrap(raw, conversation_id="oa-broken")
    stream = client.chat.completions.create(model="m", messages=HISTORY, stream=True)
    with pytest.raises(APIStatusError) as info:
        for _ in stream:
            pass
    assert info.value.status_code == 500
    reply = recorded(sink, sensei, "oa-broken")[-1]
    assert reply["metadata"]["error"] is True and reply["content"].startswith("[openai error 500]")


def test_openai_api_error__rethrown_unchanged_and_recorded_as_an_error(sink, sensei):
    raw = OpenAI()
    err = APIStatusError("Rate limit reached", 429)
    raw.behaviour.error = err
    client = sensei.wrap(raw, conversation_id="oa-err")
    with pytest.raises(APIStatusError) as info:
        client.chat.completions.create(model="m", messages=HISTORY)
    assert info.value is err
    reply = recorded(sink, sensei, "oa-err")[-1]
    assert reply["content"] == "[openai error 429] Rate limit reached"
    assert reply["metadata"] == {"provider": "openai", "model": "m", "error": True, "error_type": "rate_limit_error",
                                 "status": 429, "stream": False}


def test_history_resent__each_message_recorded_once(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="oa-hist")
    history = list(HISTORY)
    for turn in ("Where is my parcel?", "ok", "ok"):  # the same text twice is two messages
        if history[-1]["role"] != "user":
            history.append({"role": "user", "content": turn})
        c = client.chat.completions.create(model="m", messages=history)
        history.append({"role": "assistant", "content": c.choices[0].message.content})
    msgs = recorded(sink, sensei, "oa-hist")
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("system", "Be brief."), ("user", "Where is my parcel?"), ("assistant", answer_for("Where is my parcel?")),
        ("user", "ok"), ("assistant", answer_for("ok")), ("user", "ok"), ("assistant", answer_for("ok"))]
    assert len({m["id"] for m in msgs}) == 7


def test_openai_async_create_and_stream(sink, sensei):
    client = sensei.wrap(AsyncOpenAI())

    async def main():
        async with conversation("oa-async"):
            c = await client.chat.completions.create(model="m", messages=HISTORY)
            stream = await client.chat.completions.create(
                model="m", messages=HISTORY + [{"role": "assistant", "content": c.choices[0].message.content},
                                               {"role": "user", "content": "thanks"}], stream=True)
            text = "".join([ch.choices[0].delta.content or "" async for ch in stream if ch.choices])
            await stream.close()
            return c, text

    c, text = asyncio.run(main())
    assert text == answer_for("thanks")
    msgs = recorded(sink, sensei, "oa-async")
    assert [m["content"] for m in msgs] == ["Be brief.", "Where is my parcel?", c.choices[0].message.content,
                                            "thanks", answer_for("thanks")]
    assert msgs[-1]["metadata"]["stream"] is True and "aborted" not in msgs[-1]["metadata"]


def test_openai_async_error__rethrown_and_recorded(sink, sensei):
    raw = AsyncOpenAI()
    raw.behaviour.error = APIStatusError("overloaded", 503, "server_error")
    client = sensei.wrap(raw, conversation_id="oa-async-err")

    async def main():
        await client.chat.completions.create(model="m", messages=HISTORY)

    with pytest.raises(APIStatusError):
        asyncio.run(main())
    assert recorded(sink, sensei, "oa-async-err")[-1]["metadata"]["status"] == 503


# ---- OpenAI Responses ----

def test_openai_responses_create__string_input_and_instructions(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="resp-1")
    r = client.responses.create(model="gpt-4.1", input="Cancel my order", instructions="You are support.")
    assert r.output_text == answer_for("Cancel my order")
    msgs = recorded(sink, sensei, "resp-1")
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("system", "You are support."), ("user", "Cancel my order"), ("assistant", answer_for("Cancel my order"))]
    assert msgs[-1]["metadata"]["prompt_tokens"] == 9 and msgs[-1]["metadata"]["response_id"] == "resp_1"


def test_openai_responses_stream__items_input_and_the_final_response_recorded(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="resp-stream")
    items = [{"role": "user", "content": [{"type": "input_text", "text": "Hi there"}]},
             {"type": "function_call", "name": "lookup", "arguments": "{\"q\":1}", "call_id": "c1"},
             {"type": "function_call_output", "call_id": "c1", "output": "found"},
             {"role": "user", "content": "And now?"}]
    events = list(client.responses.create(model="gpt-4.1", input=items, stream=True))
    assert events[0].type == "response.created" and events[-1].type == "response.completed"
    msgs = recorded(sink, sensei, "resp-stream")
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("user", "Hi there"), ("assistant", '[tool call] lookup({"q":1})'), ("tool", "[tool result] found"),
        ("user", "And now?"), ("assistant", answer_for("And now?"))]
    assert msgs[-1]["tokens"] == len(words(answer_for("And now?")))


def test_openai_responses_async_stream(sink, sensei):
    client = sensei.wrap(AsyncOpenAI(), conversation_id="resp-async")

    async def main():
        stream = await client.responses.create(model="m", input="async please", stream=True)
        return [e async for e in stream]

    events = asyncio.run(main())
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert deltas == answer_for("async please")
    assert recorded(sink, sensei, "resp-async")[-1]["content"] == deltas


# ---- Anthropic ----

def test_anthropic_create__same_message_and_recorded(sink, sensei):
    client = sensei.wrap(Anthropic(), conversation_id="an-1")
    msg = client.messages.create(model="claude-x", max_tokens=100, system="Be kind.",
                                 messages=[{"role": "user", "content": "Refund please"}])
    assert msg.content[0].text == answer_for("Refund please")
    msgs = recorded(sink, sensei, "an-1")
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("system", "Be kind."), ("user", "Refund please"), ("assistant", answer_for("Refund please"))]
    meta = msgs[-1]["metadata"]
    assert meta["provider"] == "anthropic" and meta["finish_reason"] == "end_turn" and meta["prompt_tokens"] == 12


def test_anthropic_stream__identical_events_and_assembled_reply(sink, sensei):
    client = sensei.wrap(Anthropic(), conversation_id="an-stream")
    events = list(client.messages.create(model="claude-x", max_tokens=100, stream=True,
                                         messages=[{"role": "user", "content": "Stream it"}]))
    assert [e.type for e in events][:2] == ["message_start", "content_block_start"]
    reply = recorded(sink, sensei, "an-stream")[-1]
    assert reply["content"] == answer_for("Stream it")
    assert reply["tokens"] == len(words(answer_for("Stream it"))) and reply["metadata"]["finish_reason"] == "end_turn"


def test_anthropic_async_create_and_stream(sink, sensei):
    client = sensei.wrap(AsyncAnthropic(), conversation_id="an-async")

    async def main():
        m = await client.messages.create(model="c", max_tokens=10, messages=[{"role": "user", "content": "one"}])
        s = await client.messages.create(model="c", max_tokens=10, stream=True,
                                         messages=[{"role": "user", "content": "one"},
                                                   {"role": "assistant", "content": m.content[0].text},
                                                   {"role": "user", "content": "two"}])
        async with s:
            return [e async for e in s]

    asyncio.run(main())
    msgs = recorded(sink, sensei, "an-async")
    assert [m["content"] for m in msgs] == ["one", answer_for("one"), "two", answer_for("two")]


def test_anthropic_tool_use_and_results__recorded_as_readable_text(sink, sensei):
    client = sensei.wrap(Anthropic(), conversation_id="an-tools")
    tools = [{"name": "lookup_order", "input_schema": {"type": "object"}}]
    first = client.messages.create(model="c", max_tokens=10, tools=tools,
                                   messages=[{"role": "user", "content": "Where is A-1?"}])
    client.messages.create(model="c", max_tokens=10, tools=tools, messages=[
        {"role": "user", "content": "Where is A-1?"},
        {"role": "assistant", "content": [{"type": "text", "text": "Let me look that up."},
                                          {"type": "tool_use", "id": "tu_1", "name": "lookup_order",
                                           "input": {"order_id": "A-1"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "tu_1", "content": "shipped"}]},
    ])
    assert first.content[1].type == "tool_use"
    msgs = recorded(sink, sensei, "an-tools")
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("user", "Where is A-1?"),
        ("assistant", 'Let me look that up.\n[tool call] lookup_order({"order_id": "A-1"})'),
        ("tool", "[tool result] shipped"),
        ("assistant", answer_for("Where is A-1?")),
    ]


# ---- context and failure isolation ----

def test_conversation_context_manager__per_thread_and_precedence(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="wrap-default")

    def worker(i):
        with sensei.conversation(f"ctx-{i}", user_id=f"u{i}"):
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": f"hello {i}"}])

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    with convosensei.conversation("ctx-outer"):
        with convosensei.conversation("ctx-inner"):
            client.chat.completions.create(model="m", messages=[{"role": "user", "content": "inner"}])
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "outer"}],
                                       extra_headers={"x-sensei-conversation-id": "ctx-header"})
    client.chat.completions.create(model="m", messages=[{"role": "user", "content": "none"}])
    assert sensei.flush(5)
    by = {it["conversation_id"]: it for it in sink.items()}
    for i in range(4):
        assert by[f"ctx-{i}"]["messages"][0]["content"] == f"hello {i}" and by[f"ctx-{i}"]["user_id"] == f"u{i}"
    assert by["ctx-inner"]["messages"][0]["content"] == "inner"
    assert by["ctx-header"]["messages"][0]["content"] == "outer"
    assert by["wrap-default"]["messages"][0]["content"] == "none"


def test_no_conversation_id__not_recorded_and_reported_once(sink, sensei):
    client = sensei.wrap(OpenAI())
    client.chat.completions.create(model="m", messages=HISTORY)
    client.chat.completions.create(model="m", messages=HISTORY)
    assert sensei.flush(5) and sink.requests == []
    assert [e.code for e in sensei.errors] == ["invalid_input"]


def test_sensei_down_or_resolver_raising__app_unaffected():
    s = Sensei("k", base_url="http://127.0.0.1:9", capture_exit=False, retry_base=0.01)

    def resolver():
        raise RuntimeError("no request context")
    client = s.wrap(OpenAI(), conversation_id=resolver)
    c = client.chat.completions.create(model="m", messages=HISTORY)
    assert c.choices[0].message.content == answer_for("Where is my parcel?")
    client2 = s.wrap(OpenAI(), conversation_id="down")
    assert list(client2.chat.completions.create(model="m", messages=HISTORY, stream=True))
    s.shutdown(0.2)


def test_with_options__derived_client_records_too(sink, sensei):
    client = sensei.wrap(OpenAI(), conversation_id="derived")
    client.with_options(api_key="other").chat.completions.create(model="m", messages=HISTORY)
    assert len(recorded(sink, sensei, "derived")) == 3


def test_default_instance__wrap_records_into_init(sink):
    convosensei.init(api_key="k", base_url=sink.url, capture_exit=False, flush_interval=60)
    try:
        client = convosensei.wrap(Anthropic(), conversation_id="via-init")
        client.messages.create(model="c", max_tokens=5, messages=[{"role": "user", "content": "yo"}])
        assert convosensei.flush(5)
        assert len(sink.messages("via-init")) == 2
    finally:
        convosensei.shutdown()


def test_unknown_client__returned_unchanged():
    thing = object()
    assert convosensei.wrap(thing) is thing
