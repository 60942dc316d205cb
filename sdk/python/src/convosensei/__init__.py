"""convosensei — send your AI agent's conversations to Sensei.

    import convosensei
    convosensei.init(api_key="sk_...", base_url="http://localhost:8080")
    convosensei.track(conversation_id="c-1", messages=[{"role": "user", "content": "Hi"}])
"""
from __future__ import annotations

import logging
import os
import threading
from typing import Any, Iterable, Mapping, Optional, Union

from ._version import __version__
from .client import Sensei
from .types import ErrorCode, Message, Role, SenseiError, Stats, Timestamp
from .wrap import CONVERSATION_HEADER, USER_HEADER, conversation, wrap

__all__ = [
    "CONVERSATION_HEADER", "ErrorCode", "Message", "Role", "Sensei", "SenseiError", "Stats", "Timestamp",
    "USER_HEADER", "VERSION", "__version__", "conversation", "end", "feedback", "flush", "get_instance", "init",
    "shutdown", "stats", "track", "wrap",
]

VERSION = __version__
_default: Optional[Sensei] = None
_default_lock = threading.Lock()
_warned_uninitialised = False


def _reset_lock_after_fork() -> None:
    global _default_lock
    _default_lock = threading.Lock()  # another thread of the parent may have held it at fork time


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_lock_after_fork)


def _instance() -> Optional[Sensei]:
    global _warned_uninitialised
    s = _default
    if s is None and not _warned_uninitialised:
        _warned_uninitialised = True
        logging.getLogger("convosensei").warning("call convosensei.init(api_key=...) before track(); "
                                                 "nothing is recorded until then")
    return s


def init(api_key: Optional[str] = None, **options: Any) -> Sensei:
    """Creates the shared client the module-level functions and ``wrap()`` use (options as for :class:`Sensei`).
    Calling it again replaces the previous one (which is shut down: flushed within its shutdown_timeout)."""
    global _default
    client = Sensei(api_key, **options)
    with _default_lock:
        previous, _default = _default, client
    if previous is not None:
        previous.shutdown()
    return client


def get_instance() -> Optional[Sensei]:
    """The client ``init()`` created, if any."""
    return _default


def track(conversation_id: str, messages: Optional[Iterable[Mapping[str, Any]]] = None, *,
          user_id: Optional[str] = None, metadata: Optional[Mapping[str, Any]] = None, ended: bool = False,
          environment: Optional[str] = None) -> None:
    s = _instance()
    if s is not None:
        s.track(conversation_id, messages, user_id=user_id, metadata=metadata, ended=ended, environment=environment)


def end(conversation_id: str) -> None:
    s = _instance()
    if s is not None:
        s.end(conversation_id)


def feedback(conversation_id: str, kind: str, value: Union[int, float, bool, str], *,
             message_id: Optional[str] = None, user_id: Optional[str] = None, comment: Optional[str] = None,
             timestamp: Optional[Timestamp] = None, environment: Optional[str] = None) -> None:
    s = _instance()
    if s is not None:
        s.feedback(conversation_id, kind, value, message_id=message_id, user_id=user_id, comment=comment,
                   timestamp=timestamp, environment=environment)


def flush(timeout: Optional[float] = None) -> bool:
    s = _default
    return True if s is None else s.flush(timeout)


def shutdown(timeout: Optional[float] = None) -> bool:
    global _default
    with _default_lock:
        s, _default = _default, None
    return True if s is None else s.shutdown(timeout)


def stats() -> Stats:
    s = _default
    return Stats() if s is None else s.stats()
