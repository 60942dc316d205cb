"""Process events for every live client: a bounded flush at interpreter exit (atexit), a clean slate in the
child after os.fork() (the parent's queue and sender thread belong to the parent: the child must neither send
the parent's messages again nor wait on a sender thread that does not exist in it), and the application's signals
kept away from the sender thread."""
from __future__ import annotations

import atexit
import os
import signal
import threading
import weakref
from typing import Any

_exit_targets: "weakref.WeakSet[Any]" = weakref.WeakSet()
_fork_targets: "weakref.WeakSet[Any]" = weakref.WeakSet()
_registry_lock = threading.Lock()


def register_exit(target: Any) -> None:
    with _registry_lock:
        _exit_targets.add(target)


def unregister_exit(target: Any) -> None:
    with _registry_lock:
        _exit_targets.discard(target)


def register_fork(target: Any) -> None:
    with _registry_lock:
        _fork_targets.add(target)


# CPython runs Python signal handlers on the main thread only, and a process signal the kernel hands to another
# thread does not interrupt the main thread's blocking call (sleep, select, accept): an app's SIGTERM handler would
# then wait until that call returns. Which thread the kernel picks is not ours to rely on (some sandboxes pick any),
# so the sender thread blocks the signals applications handle and they always reach a thread that can act on them.
_APP_SIGNALS = tuple(getattr(signal, name) for name in
                     ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD", "SIGWINCH")
                     if hasattr(signal, name))


def block_app_signals_on_this_thread() -> None:
    """Called first thing on the SDK's own threads (never on the application's)."""
    if hasattr(signal, "pthread_sigmask"):  # POSIX; on Windows signals go to the main thread anyway
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, _APP_SIGNALS)
        except (OSError, ValueError):  # noqa: PERF203 - a platform without one of them: keep the default mask
            pass


def _at_exit() -> None:
    with _registry_lock:
        targets = list(_exit_targets)
    for t in targets:
        try:
            t._flush_at_exit()
        except Exception:  # noqa: BLE001 - never turn a clean exit into a traceback
            pass


def _after_fork_in_child() -> None:
    global _registry_lock
    _registry_lock = threading.Lock()  # it may have been held by another thread of the parent at fork time
    for t in list(_fork_targets):
        try:
            t._after_fork_in_child()
        except Exception:  # noqa: BLE001
            pass


atexit.register(_at_exit)
if hasattr(os, "register_at_fork"):  # POSIX; Windows has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
