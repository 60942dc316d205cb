"""Pure helpers: Retry-After, UTF-8 truncation, stable ids, timestamps, the wire shape of an end-only item."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from convosensei._queue import Entry, Msg, take_track_batch
from convosensei._transport import classify, item_status
from convosensei._util import iso_timestamp, parse_retry_after, stable_id, stored_timestamp, truncate_utf8


def test_parse_retry_after__seconds_http_date_and_garbage():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 1.5 ") == 1.5
    now = time.time()
    when = datetime.fromtimestamp(now, timezone.utc) + timedelta(seconds=30)
    assert 28 <= parse_retry_after(format_datetime(when, usegmt=True), now) <= 30
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None and parse_retry_after("") is None


def test_truncate_utf8__never_splits_a_character():
    s = "aé😀" * 1000
    for limit in (1, 2, 3, 5, 6, 7, 100, 1001):
        cut = truncate_utf8(s, limit)
        assert len(cut.encode()) <= limit and s.startswith(cut)
    assert truncate_utf8("short", 10) == "short"


def test_stable_id__same_input_same_id_different_input_different_id():
    a = stable_id("w", ["c", "user", "hi", "0"])
    assert a == stable_id("w", ["c", "user", "hi", "0"]) and a.startswith("w") and len(a) == 29
    assert a != stable_id("w", ["c", "user", "hi", "1"]) != stable_id("w", ["c", "user", "hi0", ""])


def test_timestamps__iso_with_zone_kept_naive_is_local_others_converted():
    assert stored_timestamp("2026-01-01T00:00:00Z") == "2026-01-01T00:00:00Z"
    assert stored_timestamp("2026-01-01t00:00:00z") == "2026-01-01T00:00:00Z"
    assert stored_timestamp("2026-01-01T00:00:00.123456789+05:30") == "2026-01-01T00:00:00.123456789+05:30"
    naive = datetime(2026, 1, 1, 12, 0, 0)
    assert iso_timestamp(stored_timestamp(naive)) == iso_timestamp(naive.timestamp())
    assert iso_timestamp(stored_timestamp("2026-01-01 12:00:00")) == iso_timestamp(naive.timestamp())
    assert iso_timestamp(0) == "1970-01-01T00:00:00.000000Z"
    for bad in ("yesterday", -1, float("inf"), True, object(), "2026-13-01T00:00:00"):
        assert stored_timestamp(bad) is None


def test_classify_and_item_status():
    assert classify(207, {}, b'{"results":[{"index":0,"status":202}]}').results == [{"index": 0, "status": 202}]
    r = classify(429, {"Retry-After": "2"}, b"")
    assert (r.kind, r.retry_after, r.unlimited) == ("retry", 2.0, True)
    assert (classify(500, {}, b"oops").kind, classify(500, {}, b"").unlimited) == ("retry", False)
    rej = classify(400, {}, b'{"message":"bad","code":"validation_failed","details":[{"field":"x","reason":"y"}]}')
    assert (rej.kind, rej.message, rej.code) == ("reject", "bad", "validation_failed")
    assert [item_status({"status": s}) for s in (202, "201", "accepted", "busy", "error", "nope")] == \
        [202, 201, 202, 503, 500, 400]


def test_end_only_entry__serialised_with_an_empty_message_list_and_ended():
    e = Entry(1, ("production", "c"), "c", "production", 0.0)
    e.ended = True
    batch, rest = take_track_batch([e], 100, 1 << 20, [], lambda *a: None)
    assert batch.body == b'{"conversations":[{"conversation_id":"c","environment":"production","messages":[],' \
                         b'"ended":true}]}'
    assert rest == []
    m = Msg("m1", "user", "x", 1.0, None, None, None)
    e2 = Entry(2, ("production", "d"), "d", "production", 0.0)
    e2.messages = [m]
    batch, _ = take_track_batch([e2], 100, 1 << 20, [], lambda *a: None)
    assert b'"timestamp":"1970-01-01T00:00:01.000000Z"' in batch.body
