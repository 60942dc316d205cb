"""Batching, limits, retries and per-item answers, against a real local HTTP server."""
from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from convosensei import Sensei
from convosensei.limits import MAX_BODY_BYTES, MAX_MESSAGE_CONTENT_BYTES
from sink import Answer, Sink, script


def make(sink: Sink, errors: list, **options) -> Sensei:
    settings = dict(api_key="sk_test_secret", base_url=sink.url, capture_exit=False, flush_interval=0.05,
                    retry_base=0.01, retry_max=0.05, on_error=errors.append)
    settings.update(options)
    return Sensei(**settings)


def codes(errors: list) -> list:
    return [e.code for e in errors]


def test_track_then_flush__sends_snake_case_batch_with_bearer_key(sink):
    errors: list = []
    s = make(sink, errors, environment="staging")
    s.track(conversation_id="c-1", user_id="u-1", metadata={"channel": "web"}, messages=[
        {"role": "user", "content": "Where is my order?", "timestamp": "2026-01-02T03:04:05Z", "id": "m1"},
        {"role": "assistant", "content": "On its way.", "latency_ms": 812.4, "tokens": 7, "metadata": {"model": "x"}},
    ])
    assert s.flush(5) is True
    [req] = sink.track_requests()
    assert req.headers["authorization"] == "Bearer sk_test_secret"
    assert req.headers["content-type"] == "application/json"
    assert req.headers["user-agent"].startswith("convosensei-sdk-python/")
    [item] = req.json["conversations"]
    assert item["conversation_id"] == "c-1" and item["environment"] == "staging"
    assert item["user_id"] == "u-1" and item["metadata"] == {"channel": "web"}
    m1, m2 = item["messages"]
    assert m1 == {"id": "m1", "role": "user", "content": "Where is my order?", "timestamp": "2026-01-02T03:04:05Z"}
    assert m2["latency_ms"] == 812 and m2["tokens"] == 7 and m2["metadata"] == {"model": "x"}
    assert re.fullmatch(r"[0-9a-f-]{36}", m2["id"])  # generated UUID
    assert "ended" not in item
    assert s.stats().sent == 2 and s.stats().queued == 0
    assert errors == []
    s.shutdown()


def test_timestamps__datetime_epoch_and_default_now_become_utc_iso(sink):
    errors: list = []
    s = make(sink, errors)
    before = datetime.now(timezone.utc)
    s.track("c-ts", [
        {"role": "user", "content": "a", "timestamp": datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=timezone.utc)},
        {"role": "user", "content": "b", "timestamp": 1_700_000_000},
        {"role": "user", "content": "c"},
        {"role": "user", "content": "d", "timestamp": "2026-03-04T05:06:07+02:00"},
    ])
    assert s.flush(5)
    a, b, c, d = sink.messages("c-ts")
    assert a["timestamp"] == "2026-03-04T05:06:07.123456Z"
    assert b["timestamp"] == "2023-11-14T22:13:20.000000Z"
    now = datetime.strptime(c["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    assert before - timedelta(seconds=1) <= now <= datetime.now(timezone.utc)
    assert d["timestamp"] == "2026-03-04T05:06:07+02:00"
    s.shutdown()


def test_track__does_no_io_on_the_callers_path(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    s.track("c-io", [{"role": "user", "content": "hi"}])
    time.sleep(0.2)
    assert sink.track_requests() == []
    assert s.stats().queued == 1
    s.shutdown()


def test_same_conversation_between_flushes__merged_into_one_item_in_order(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    for i in range(5):
        s.track("c-merge", [{"role": "user", "content": f"turn {i}"}], metadata={f"k{i}": i})
    s.end("c-merge")
    assert s.flush(5)
    [req] = sink.track_requests()
    [item] = req.json["conversations"]
    assert [m["content"] for m in item["messages"]] == [f"turn {i}" for i in range(5)]
    assert item["metadata"] == {f"k{i}": i for i in range(5)}
    assert item["ended"] is True
    s.shutdown()


def test_invalid_input__reported_counted_and_never_raises(sink):
    errors: list = []
    s = make(sink, errors)
    s.track("", [{"role": "user", "content": "x"}])
    s.track(None, [{"role": "user", "content": "x"}])  # type: ignore[arg-type]
    s.track("c-bad", "not a list")  # type: ignore[arg-type]
    s.track("c-bad", [
        {"role": "robot", "content": "x"},
        {"role": "user", "content": 42},
        {"role": "user", "content": "x", "timestamp": "yesterday"},
        "not a dict",
        {"role": "user", "content": "ok", "metadata": {"fn": object()}},  # kept; its metadata is dropped
    ])
    s.feedback("c-bad", "stars", 3)
    s.feedback("c-bad", "rating", 9)
    s.feedback("c-bad", "thumbs", 0)
    assert s.flush(5)
    assert [m["content"] for m in sink.messages("c-bad")] == ["ok"]
    assert "metadata" not in sink.messages("c-bad")[0]
    assert codes(errors).count("invalid_input") == 10
    assert any(e.code == "truncated" and "metadata dropped" in e.message for e in errors)
    st = s.stats()
    assert st.failed == 2 + 4 + 3 and st.sent == 1
    s.shutdown()


def test_interval__sends_without_flush(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=0.1)
    s.track("c-int", [{"role": "user", "content": "hi"}])
    assert sink.wait_for(lambda: len(sink.track_requests()) == 1, 3)
    s.shutdown()


def test_size_trigger__sends_before_the_interval(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30, max_batch_size=10)
    for i in range(10):
        s.track(f"c-size-{i}", [{"role": "user", "content": "hi"}])
    assert sink.wait_for(lambda: len(sink.items()) == 10, 3)
    s.shutdown()


def test_many_conversations__split_into_requests_of_at_most_100_items(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    for i in range(250):
        s.track(f"c-many-{i}", [{"role": "user", "content": "hi"}])
    assert s.flush(10)
    sizes = [len(r.json["conversations"]) for r in sink.track_requests()]
    assert max(sizes) <= 100 and sum(sizes) == 250
    assert [it["conversation_id"] for it in sink.items()] == [f"c-many-{i}" for i in range(250)]
    s.shutdown()


def test_large_bodies__split_under_1_mib_and_keep_order(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    text = "x" * 30_000
    for turn in range(20):
        for c in range(5):
            s.track(f"c-big-{c}", [{"role": "user", "content": f"{turn}:{text}"}])
    assert s.flush(20)
    reqs = sink.track_requests()
    assert len(reqs) > 1 and all(len(r.raw) <= MAX_BODY_BYTES for r in reqs)
    for c in range(5):
        order = [int(m["content"].split(":")[0]) for m in sink.messages(f"c-big-{c}")]
        assert order == list(range(20))
    assert errors == []
    s.shutdown()


def test_over_500_messages_in_one_conversation__items_of_at_most_500(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30, max_queue_size=5000)
    s.track("c-long", [{"role": "user", "content": str(i)} for i in range(1203)])
    s.end("c-long")
    assert s.flush(10)
    items = sink.items()
    # end() may arrive after the sender took the messages (size trigger): then it is an item of its own
    assert [len(it["messages"]) for it in items if it["messages"]] == [500, 500, 203]
    assert [m["content"] for m in sink.messages("c-long")] == [str(i) for i in range(1203)]
    assert [it.get("ended", False) for it in items][:3] == [False, False, len(items) == 3]
    assert items[-1]["ended"] is True
    s.shutdown()


def test_content_over_32_kib__shortened_and_reported(sink):
    errors: list = []
    s = make(sink, errors)
    s.track("c-huge", [{"role": "user", "content": "é" * 40_000}, {"role": "user", "content": "a\x00b"}])
    assert s.flush(5)
    long, nul = sink.messages("c-huge")
    assert len(long["content"].encode()) <= MAX_MESSAGE_CONTENT_BYTES and long["content"].endswith("…")
    assert nul["content"] == "ab"
    assert codes(errors) == ["truncated"]
    s.shutdown()


def test_500_then_200__retried_and_delivered_once_with_the_same_ids(sink):
    sink.responder = script(Answer(500), Answer(500))
    errors: list = []
    s = make(sink, errors)
    s.track("c-retry", [{"role": "user", "content": "hi"}])
    assert s.flush(5)
    reqs = sink.track_requests()
    assert len(reqs) == 3
    assert reqs[0].raw == reqs[1].raw == reqs[2].raw  # the same bytes: the same message ids
    assert s.stats().sent == 1 and s.stats().retried == 2
    assert codes(errors) == ["unavailable"]  # once per outage, not per attempt
    s.shutdown()


def test_429_with_retry_after_seconds__waits_at_least_that_long(sink):
    sink.responder = script(Answer(429, {"message": "slow down"}, {"Retry-After": "1"}))
    errors: list = []
    s = make(sink, errors)
    s.track("c-429", [{"role": "user", "content": "hi"}])
    assert s.flush(5)
    first, second = sink.track_requests()
    assert second.at - first.at >= 1.0
    assert errors[0].code == "unavailable" and errors[0].status == 429
    s.shutdown()


def test_503_with_retry_after_http_date__waits_until_then(sink):
    when = datetime.now(timezone.utc) + timedelta(seconds=2)
    sink.responder = script(Answer(503, headers={"Retry-After": format_datetime(when, usegmt=True)}))
    errors: list = []
    s = make(sink, errors)
    s.track("c-503", [{"role": "user", "content": "hi"}])
    assert s.flush(6)
    first, second = sink.track_requests()
    assert second.at - first.at >= 0.9  # the HTTP date has whole seconds
    s.shutdown()


def test_timeout__retries(sink):
    sink.responder = script(Answer(delay=1.0))
    errors: list = []
    s = make(sink, errors, timeout=0.3)
    s.track("c-slow", [{"role": "user", "content": "hi"}])
    assert s.flush(5)
    assert len(sink.track_requests()) == 2
    assert "timed out" in errors[0].message
    s.shutdown()


def test_connection_cut__retries(sink):
    sink.responder = script(Answer(cut=True))
    errors: list = []
    s = make(sink, errors)
    s.track("c-cut", [{"role": "user", "content": "hi"}])
    assert s.flush(5)
    assert len(sink.track_requests()) == 2 and s.stats().sent == 1
    s.shutdown()


def test_connection_refused_then_server_comes_up__delivered():
    probe = Sink()
    port = probe.port
    probe.close()
    errors: list = []
    s = Sensei("k", base_url=f"http://127.0.0.1:{port}", capture_exit=False, flush_interval=0.05, retry_base=0.05,
               retry_max=0.1, on_error=errors.append)
    s.track("c-down", [{"role": "user", "content": "hi"}])
    assert s.flush(0.5) is False  # down: the queue is kept
    assert s.stats().queued == 1
    from http.server import ThreadingHTTPServer
    up = Sink()
    up.server.server_close()
    up.server = ThreadingHTTPServer(("127.0.0.1", port), up.server.RequestHandlerClass)
    import threading
    threading.Thread(target=up.server.serve_forever, daemon=True).start()
    try:
        assert s.flush(5)
        assert len(up.items()) == 1 and codes(errors) == ["unavailable"]
    finally:
        up.close()
        s.shutdown()


def test_item_4xx__not_retried_and_reported_once_with_the_field(sink):
    def responder(req):
        items = req.json["conversations"]
        return Answer(207, {"results": [
            {"index": i, "conversation_id": it["conversation_id"], "status": 400 if it["conversation_id"] == "bad" else 202,
             "error": {"message": "invalid", "code": "validation_failed",
                       "details": [{"field": "conversations[0].environment", "reason": "must be letters"}]}
             if it["conversation_id"] == "bad" else None}
            for i, it in enumerate(items)]})
    sink.responder = responder
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    s.track("good", [{"role": "user", "content": "a"}])
    s.track("bad", [{"role": "user", "content": "b"}, {"role": "user", "content": "c"}])
    assert s.flush(5)
    assert len(sink.track_requests()) == 1
    [e] = errors
    assert e.code == "rejected" and e.status == 400 and e.conversation_id == "bad" and e.count == 2
    assert "environment: must be letters" in e.message
    st = s.stats()
    assert (st.sent, st.failed, st.retried, st.queued) == (1, 2, 0, 0)
    s.shutdown()


def test_item_503__only_that_item_is_retried(sink):
    calls = []

    def responder(req):
        calls.append([it["conversation_id"] for it in req.json["conversations"]])
        if len(calls) == 1:
            return Answer(207, {"results": [{"index": 0, "status": 202}, {"index": 1, "status": 503}]})
        return None
    sink.responder = responder
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    s.track("ok", [{"role": "user", "content": "a"}])
    s.track("busy", [{"role": "user", "content": "b"}])
    assert s.flush(5)
    assert calls == [["ok", "busy"], ["busy"]]
    assert s.stats().sent == 2 and s.stats().retried == 1
    s.shutdown()


def test_401__not_retried_and_reported_once(sink):
    sink.responder = lambda req: Answer(401, {"message": "invalid API key", "code": "unauthorized"})
    errors: list = []
    s = make(sink, errors)
    s.track("c-401", [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}])
    assert s.flush(5)
    assert len(sink.track_requests()) == 1
    assert codes(errors) == ["unauthorized"] and errors[0].status == 401 and errors[0].count == 2
    assert s.stats().failed == 2 and s.stats().retried == 0
    s.shutdown()


def test_400_whole_batch__not_retried_and_reported_once(sink):
    sink.responder = lambda req: Answer(400, {"message": "conversations: must hold 1-100", "code": "validation_failed"})
    errors: list = []
    s = make(sink, errors)
    s.track("c-400", [{"role": "user", "content": "a"}])
    assert s.flush(5)
    assert len(sink.track_requests()) == 1 and codes(errors) == ["rejected"]
    assert "must hold" in errors[0].message
    s.shutdown()


def test_500_always__gives_up_after_max_retries(sink):
    sink.responder = lambda req: Answer(500)
    errors: list = []
    s = make(sink, errors, max_retries=3)
    s.track("c-500", [{"role": "user", "content": "a"}])
    assert s.flush(5)
    assert len(sink.track_requests()) == 4
    assert codes(errors) == ["unavailable", "retries_exhausted"]
    assert s.stats().failed == 1
    s.shutdown()


def test_413__resends_in_smaller_requests(sink):
    sink.responder = lambda req: Answer(413, {"message": "too large"}) if len(req.raw) > 100_000 else None
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    for i in range(40):
        s.track(f"c-413-{i}", [{"role": "user", "content": "y" * 10_000}])
    assert s.flush(10)
    accepted = [r for r in sink.track_requests() if len(r.raw) <= 100_000]
    assert len(accepted) > 1
    assert sorted(it["conversation_id"] for r in accepted for it in r.json["conversations"]) == \
        sorted(f"c-413-{i}" for i in range(40))
    assert s.stats().sent == 40 and errors == []
    s.shutdown()


def test_queue_overflow__drops_new_items_counts_and_reports_once(sink):
    sink.responder = lambda req: Answer(503)
    errors: list = []
    s = make(sink, errors, max_queue_size=10, flush_interval=30)
    for i in range(25):
        s.track("c-full", [{"role": "user", "content": str(i)}])
    s.feedback("c-full", "thumbs", -1)
    st = s.stats()
    assert st.queued == 10 and st.dropped == 16
    assert codes(errors).count("queue_full") == 1
    sink.responder = lambda req: None
    assert s.flush(5)
    assert [m["content"] for m in sink.messages("c-full")][-10:] == [str(i) for i in range(10)]
    s.shutdown()


def test_same_conversation_across_batches_and_retries__arrives_in_order(sink):
    n = [0]

    def responder(req):
        n[0] += 1
        return Answer(503) if n[0] % 3 == 1 else None
    sink.responder = responder
    errors: list = []
    s = make(sink, errors, flush_interval=0.01, max_batch_size=7)
    for i in range(60):
        s.track("c-order", [{"role": "user", "content": str(i)}])
        if i % 10 == 0:
            time.sleep(0.02)
    assert s.flush(10)
    got = [int(m["content"]) for m in sink.messages("c-order")]
    # a retried request is sent again as it was: drop the repeats, the order of first deliveries is the track order
    firsts = list(dict.fromkeys(got))
    assert firsts == list(range(60))
    s.shutdown()


def test_flush__with_nothing_queued__true_at_once(sink):
    s = make(sink, [])
    t0 = time.monotonic()
    assert s.flush(5) is True and time.monotonic() - t0 < 0.05
    s.shutdown()


def test_flush__while_sensei_is_down__false_after_timeout_and_keeps_the_queue(sink):
    sink.responder = lambda req: Answer(503)
    s = make(sink, [])
    s.track("c-down", [{"role": "user", "content": "a"}])
    t0 = time.monotonic()
    assert s.flush(0.3) is False
    assert 0.25 <= time.monotonic() - t0 < 1.5
    assert s.stats().queued == 1
    sink.responder = lambda req: None
    assert s.flush(5) is True
    s.shutdown()


def test_flush__waits_only_for_what_was_queued_before_it(sink):
    def responder(req):
        later = any(it["conversation_id"] == "after" for it in req.json["conversations"])
        return Answer(delay=2.0 if later else 0.3)
    sink.responder = responder
    s = make(sink, [], flush_interval=30)
    s.track("before", [{"role": "user", "content": "a"}])
    import threading
    result = {}

    def flush():
        t0 = time.monotonic()
        result["ok"] = s.flush(5)
        result["took"] = time.monotonic() - t0
    t = threading.Thread(target=flush)
    t.start()
    assert sink.wait_for(lambda: len(sink.track_requests()) == 1, 2)  # "before" is in flight
    s.track("after", [{"role": "user", "content": "b"}])
    t.join(5)
    # "after" may be sent right away (a flush is running), but flush() does not wait for it
    assert result["ok"] is True and result["took"] < 1.5
    assert s.flush(5) and s.stats().sent == 2
    s.shutdown()


def test_shutdown__flushes_then_drops_later_tracks(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    s.track("c-sd", [{"role": "user", "content": "a"}])
    assert s.shutdown(5) is True
    assert len(sink.items()) == 1
    s.track("c-sd", [{"role": "user", "content": "late"}])
    s.feedback("c-sd", "thumbs", 1)
    assert s.stats().dropped == 2 and s.stats().sent == 1
    assert s.flush(1) is True


def test_shutdown__while_sensei_is_down__gives_up_after_timeout_and_counts_dropped(sink):
    sink.responder = lambda req: Answer(503)
    errors: list = []
    s = make(sink, errors)
    s.track("c-sd-down", [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}])
    t0 = time.monotonic()
    assert s.shutdown(0.4) is False
    assert time.monotonic() - t0 < 1.5
    st = s.stats()
    assert st.dropped == 2 and st.queued == 0
    assert codes(errors)[-1] == "shutdown"


def test_on_error_that_raises__does_not_break_delivery(sink):
    sink.responder = script(Answer(500))

    def boom(e):
        raise RuntimeError("app handler bug")
    s = Sensei("k", base_url=sink.url, capture_exit=False, retry_base=0.01, on_error=boom)
    s.track("c-boom", [{"role": "user", "content": "a"}])
    s.track("", [])
    assert s.flush(5) and s.stats().sent == 1
    s.shutdown()


def test_feedback__batched_to_the_feedback_endpoint_after_the_conversation(sink):
    errors: list = []
    s = make(sink, errors, flush_interval=30)
    s.track("c-fb", [{"role": "assistant", "content": "Here you go", "id": "a1"}])
    s.feedback("c-fb", "thumbs", "down", message_id="a1", user_id="u-9", comment="wrong answer",
               timestamp="2026-05-06T07:08:09Z")
    s.feedback("c-fb", "rating", 4.0)
    s.feedback("c-fb", "thumbs", True, comment="x" * 5000)
    assert s.flush(5)
    order = [r.path for r in sink.requests]
    assert order == ["/api/v1/conversations/track/batch", "/api/v1/feedback/batch"]
    [req] = sink.feedback_requests()
    assert req.headers["authorization"] == "Bearer sk_test_secret"
    a, b, c = req.json["feedback"]
    assert a == {"conversation_id": "c-fb", "environment": "production", "kind": "thumbs", "value": -1,
                 "message_id": "a1", "user_id": "u-9", "comment": "wrong answer", "timestamp": "2026-05-06T07:08:09Z"}
    assert b["kind"] == "rating" and b["value"] == 4 and "message_id" not in b
    assert c["value"] == 1 and len(c["comment"]) == 4000
    assert codes(errors) == ["truncated"]
    assert s.stats().sent == 4
    s.shutdown()


def test_feedback__404_when_the_endpoint_is_missing__reported_once_not_retried(sink):
    sink.responder = lambda req: Answer(404, {"message": "not found"}) if "feedback" in req.path else None
    errors: list = []
    s = make(sink, errors)
    s.feedback("c-404", "thumbs", 1)
    s.feedback("c-404", "thumbs", -1, user_id="other")
    assert s.flush(5)
    assert len(sink.feedback_requests()) == 1
    assert codes(errors) == ["rejected"] and errors[0].status == 404 and errors[0].count == 2
    assert s.stats().failed == 2
    s.shutdown()


def test_feedback__item_results_of_a_207(sink):
    n = [0]

    def responder(req):
        n[0] += 1
        if n[0] == 1:
            return Answer(207, {"results": [{"index": 0, "status": 202}, {"index": 1, "status": 400,
                                            "error": {"message": "bad", "details": [{"field": "feedback[1].value",
                                                                                     "reason": "must be 1..5"}]}},
                                           {"index": 2, "status": 503}]})
        return None
    sink.responder = responder
    errors: list = []
    s = make(sink, errors)
    for cid in ("f1", "f2", "f3"):
        s.feedback(cid, "rating", 3)
    assert s.flush(5)
    reqs = sink.feedback_requests()
    assert [[f["conversation_id"] for f in r.json["feedback"]] for r in reqs] == [["f1", "f2", "f3"], ["f3"]]
    assert [e.code for e in errors] == ["rejected", "unavailable"]
    assert "feedback[1].value: must be 1..5" in errors[0].message
    st = s.stats()
    assert (st.sent, st.failed, st.retried) == (2, 1, 1)
    s.shutdown()


def test_wire_body_is_valid_json_for_awkward_text(sink):
    s = make(sink, [])
    weird = 'quote " backslash \\ newline \n emoji 😀 lone \ud800 end'
    s.track("c-weird ✓", [{"role": "user", "content": weird, "metadata": {"ü": "ß", "n": [1, 2.5, None, True]}}])
    assert s.flush(5)
    [m] = sink.messages("c-weird ✓")
    assert m["content"] == weird.replace("\ud800", "\ufffd")
    assert m["metadata"] == {"ü": "ß", "n": [1, 2.5, None, True]}
    json.loads(sink.track_requests()[0].raw.decode("utf-8"))  # strict UTF-8
    s.shutdown()


@pytest.mark.parametrize("bad", [float("nan"), -1, "12", True])
def test_bad_latency_or_tokens__ignored_and_reported(sink, bad):
    errors: list = []
    s = make(sink, errors)
    s.track("c-lat", [{"role": "assistant", "content": "a", "latency_ms": bad, "tokens": bad}])
    assert s.flush(5)
    [m] = sink.messages("c-lat")
    assert "latency_ms" not in m and "tokens" not in m
    assert codes(errors) == ["invalid_input", "invalid_input"]
    s.shutdown()


def test_no_thread_can_be_started__flush_sends_on_the_calling_thread(sink):
    # what happens at interpreter exit on Python ≥ 3.12, which refuses new threads then
    s = make(sink, [], flush_interval=30)
    s._start_worker_locked = lambda: False  # type: ignore[method-assign]
    s.track("inline", [{"role": "user", "content": "a"}])
    s.feedback("inline", "thumbs", 1)
    assert s._worker is None
    assert s.flush(5) is True
    assert len(sink.items()) == 1 and len(sink.feedback_requests()) == 1
    assert s.shutdown(1) is True


def test_on_error_calling_back_into_the_client__no_deadlock(sink):
    sink.responder = script(Answer(500))
    seen = []
    holder = {}

    def on_error(e):
        seen.append((e.code, holder["s"].flush(1), holder["s"].stats().queued))
        holder["s"].track("from-handler", [{"role": "user", "content": "logged"}])
    s = make(sink, [], on_error=on_error)
    holder["s"] = s
    s.track("c-reenter", [{"role": "user", "content": "a"}])
    assert s.flush(5)
    assert seen[0][:2] == ("unavailable", False)  # flush() on the sender thread does not wait
    assert s.flush(5) and [it["conversation_id"] for it in sink.items()][-1] == "from-handler"
    s.shutdown()


def test_outage_retries_do_not_use_up_max_retries(sink):
    sink.responder = script(*([Answer(503)] * 6 + [Answer(500)] * 2))
    errors: list = []
    s = make(sink, errors, max_retries=2)
    s.track("c-mixed", [{"role": "user", "content": "a"}])
    assert s.flush(10)
    assert len(sink.track_requests()) == 9 and s.stats().sent == 1  # 6 × 503, 2 × 500 (= max_retries), then 207
    assert codes(errors) == ["unavailable"]
    s.shutdown()
