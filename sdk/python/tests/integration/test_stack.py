"""Against a running Sensei stack (gateway URL in SENSEI_URL, admin login in SENSEI_ADMIN_EMAIL/PASSWORD): an API
key is created through admin-api, conversations go in through the SDK, and are read back through dashboard-api in
order and scored. `make test` runs this against its private e2e stack; skipped when SENSEI_URL is unset."""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from convosensei import Sensei, SenseiError

BASE = (os.environ.get("SENSEI_URL") or "").rstrip("/")
EMAIL = os.environ.get("SENSEI_ADMIN_EMAIL", "admin@sensei.local")
PASSWORD = os.environ.get("SENSEI_ADMIN_PASSWORD", "")

pytestmark = pytest.mark.skipif(not BASE, reason="SENSEI_URL is not set: the integration suite needs a running "
                                                  "stack (e.g. `make run` and SENSEI_URL=http://localhost:8080)")


def http(method: str, path: str, body: Any = None, token: Optional[str] = None,
         headers: Optional[Dict[str, str]] = None) -> Tuple[int, Any]:
    h = {"Content-Type": "application/json", **(headers or {})}
    if token:
        h["Authorization"] = "Bearer " + token
    req = urllib.request.Request(BASE + path, method=method, headers=h,
                                 data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(req, timeout=15) as r:
            raw = r.read()
            return r.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw) if raw else None
        except ValueError:
            return e.code, raw.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def stack():
    status, login = http("POST", "/api/v1/auth/login", {"email": EMAIL, "password": PASSWORD})
    assert status == 200, login
    token = login["access_token"]
    status, key = http("POST", "/api/v1/api-keys", {"name": f"python-sdk-integration-{int(time.time())}"}, token)
    assert status == 201, key
    yield {"token": token, "key": key["key"]}
    http("DELETE", f"/api/v1/api-keys/{key['id']}", token=token)


@pytest.fixture
def client(stack):
    errors: List[SenseiError] = []
    s = Sensei(stack["key"], base_url=BASE, environment="sdk-test", flush_interval=0.1, capture_exit=False,
               on_error=errors.append)
    s.errors = errors  # type: ignore[attr-defined]
    yield s
    s.shutdown()


def get(stack: Dict[str, str], path: str) -> Any:
    status, body = http("GET", path, token=stack["token"])
    assert status == 200, (path, status, body)
    return body


def find_conversation(stack: Dict[str, str], external_id: str, word: str, until: Callable[[Dict[str, Any]], bool],
                      timeout: float = 30.0) -> Dict[str, Any]:
    """Polls the conversation list (full-text search on a word only this test uses) until it shows up."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        page = get(stack, f"/api/v1/conversations?q={urllib.parse.quote(word)}&timeframe=30d&limit=50")
        last = next((c for c in page["items"] if c["external_id"] == external_id), None)
        if last is not None and until(last):
            return last
        time.sleep(0.25)
    raise AssertionError(f"conversation {external_id} not visible in time (last seen: {last})")


def messages_of(stack: Dict[str, str], conversation_uuid: str) -> List[Dict[str, Any]]:
    page = get(stack, f"/api/v1/conversations/{conversation_uuid}/messages?limit=200")
    return page if isinstance(page, list) else page["items"]


def test_track_flush__conversation_appears_with_all_messages_in_order_and_scored(stack, client):
    word = f"pelicanquartz{uuid.uuid4().hex[:8]}"
    cid = f"py-it-{uuid.uuid4()}"
    t0 = time.time() - 60
    client.track(conversation_id=cid, user_id="it-user", metadata={"channel": "integration"}, messages=[
        {"role": "system", "content": "You are a helpful assistant.", "timestamp": t0},
        {"role": "user", "content": f"My {word} order has not arrived yet.", "timestamp": t0 + 1},
        {"role": "assistant", "content": "Sorry to hear that — let me check the tracking for you.",
         "timestamp": t0 + 3, "latency_ms": 1800, "tokens": 14, "metadata": {"model": "scripted"}},
    ])
    client.track(cid, [{"role": "user", "content": "Thanks, it arrived now!", "timestamp": t0 + 9}])
    client.end(cid)
    assert client.flush(15) is True
    assert client.errors == []
    st = client.stats()
    assert (st.sent, st.failed, st.dropped, st.queued) == (4, 0, 0, 0)

    conv = find_conversation(stack, cid, word, lambda c: c["message_count"] == 4 and c["ended"]
                             and c.get("health_score") is not None)
    msgs = messages_of(stack, conv["id"])
    assert [(m["role"], m["content"]) for m in msgs] == [
        ("system", "You are a helpful assistant."),
        ("user", f"My {word} order has not arrived yet."),
        ("assistant", "Sorry to hear that — let me check the tracking for you."),
        ("user", "Thanks, it arrived now!"),
    ]
    assert msgs[2]["latency_ms"] == 1800 and msgs[2]["tokens"] == 14
    assert 0 <= conv["health_score"] <= 100


def test_resending_the_same_message_ids__deduplicated(stack, client):
    word = f"marmotlatch{uuid.uuid4().hex[:8]}"
    cid = f"py-it-dedup-{uuid.uuid4()}"
    msgs = [{"id": "m1", "role": "user", "content": f"Is {word} in stock?"},
            {"id": "m2", "role": "assistant", "content": "Yes, we have 3 left."}]
    client.track(cid, msgs)
    assert client.flush(15)
    find_conversation(stack, cid, word, lambda c: c["message_count"] == 2)
    client.track(cid, msgs)  # what a retry after a lost answer does
    assert client.flush(15)
    client.track(cid, [{"id": "m3", "role": "user", "content": "Great, ordering now."}])
    assert client.flush(15)
    conv = find_conversation(stack, cid, word, lambda c: c["message_count"] >= 3)
    assert conv["message_count"] == 3
    assert [m["external_id"] for m in messages_of(stack, conv["id"])] == ["m1", "m2", "m3"]


def test_end_later__an_item_without_messages_marks_the_conversation_ended(stack, client):
    word = f"narwhalglyph{uuid.uuid4().hex[:8]}"
    cid = f"py-it-end-{uuid.uuid4()}"
    client.track(cid, [{"role": "user", "content": f"Is the {word} shop open?"},
                       {"role": "assistant", "content": "Yes, until 6 pm."}])
    assert client.flush(15)
    find_conversation(stack, cid, word, lambda c: c["message_count"] == 2)
    client.end(cid)
    assert client.flush(15) and client.errors == []
    conv = find_conversation(stack, cid, word, lambda c: c["ended"])
    assert conv["message_count"] == 2


def test_invalid_item__reported_once_with_the_field_and_not_retried(stack):
    seen: List[SenseiError] = []
    strict = Sensei(stack["key"], base_url=BASE, capture_exit=False, environment="not valid!", on_error=seen.append)
    strict.track(f"py-it-bad-{uuid.uuid4()}", [{"role": "user", "content": "hello"}])
    assert strict.flush(15)
    assert [(e.code, e.status) for e in seen] == [("rejected", 400)]
    assert "environment" in seen[0].message
    st = strict.stats()
    assert (st.failed, st.retried, st.sent) == (1, 0, 0)
    strict.shutdown()


def test_wrong_api_key__reported_as_unauthorized():
    seen: List[SenseiError] = []
    bad = Sensei("sk_nope_invalidsecret", base_url=BASE, capture_exit=False, on_error=seen.append)
    bad.track("py-it-unauth", [{"role": "user", "content": "hello"}])
    assert bad.flush(15)
    assert [e.code for e in seen] == ["unauthorized"]
    assert (bad.stats().failed, bad.stats().retried) == (1, 0)
    bad.shutdown()


def test_feedback__accepted_and_stored(stack, client):
    # an empty body: 400 where the endpoint exists (nothing stored), 404 where it does not
    probe, _ = http("POST", "/api/v1/feedback", {}, headers={"Authorization": "Bearer " + stack["key"]})
    if probe == 404:
        pytest.skip("POST /api/v1/feedback answers 404: this stack has no feedback API yet")
    word = f"ibexmural{uuid.uuid4().hex[:8]}"
    cid = f"py-it-fb-{uuid.uuid4()}"
    client.track(cid, [{"id": "u1", "role": "user", "content": f"Why was my {word} card declined?"},
                       {"id": "a1", "role": "assistant", "content": "I cannot help with that."}], ended=True)
    client.feedback(cid, "thumbs", -1, message_id="a1", user_id="it-user", comment="did not help at all")
    client.feedback(cid, "rating", 2, user_id="it-user")
    assert client.flush(15) is True
    assert client.errors == []
    assert client.stats().sent == 4 and client.stats().failed == 0
    conv = find_conversation(stack, cid, word, lambda c: c["message_count"] == 2)
    # both items arrive, as dashboard-api's feedback endpoint reads them from the processor's table
    deadline = time.monotonic() + 30
    items: Any = []
    while time.monotonic() < deadline:
        items = get(stack, f"/api/v1/conversations/{conv['id']}/feedback")
        if len(items) == 2:
            break
        time.sleep(0.25)
    by_kind = {item["kind"]: item for item in items}
    assert set(by_kind) == {"thumbs", "rating"}, items
    assert by_kind["thumbs"]["value"] == -1 and by_kind["thumbs"]["message_id"] == "a1"
    assert by_kind["thumbs"]["comment"] == "did not help at all"
    assert by_kind["rating"]["value"] == 2 and by_kind["rating"]["message_id"] is None
    assert by_kind["rating"]["polarity"] == -1
    # the user's own verdict joins the score: capped at 40 and a negative_feedback finding
    deadline = time.monotonic() + 30
    detail: Any = {}
    while time.monotonic() < deadline:
        detail = get(stack, f"/api/v1/conversations/{conv['id']}")
        if "negative_feedback" in (detail.get("failure_types") or []) and detail.get("health_score") is not None:
            break
        time.sleep(0.25)
    assert "negative_feedback" in detail.get("failure_types", []), detail
    assert detail["health_score"] <= 40, detail
