"""Fetching the next batches on a background thread while the trainer works on the current one."""
import collections
import concurrent.futures
import os
import threading
import weakref


class Prefetcher:
    """Runs ``fetch(key)`` ahead of need on one background thread.

    ``get(key, upcoming)`` returns ``fetch(key)`` (already fetched when it was foreseen) and queues the
    keys of ``upcoming`` (the next ones, in order), keeping at most ``len(upcoming)`` fetched or queued.
    One worker fetches in queue order, so batches arrive in order. A key asked for out of order is
    fetched on the caller's thread, and queued keys no longer upcoming are dropped, so jumping around
    (resuming, Keras' shuffling of batch order) stays correct: it only loses the look-ahead.
    """

    def __init__(self, fetch):
        self._fetch = fetch
        self._reset()

    def _reset(self):
        _live.add(self)
        self._pending = collections.OrderedDict()  # key -> Future, in the order queued
        self._lock = threading.Lock()
        self._executor = None

    def get(self, key, upcoming):
        with self._lock:
            future = self._pending.pop(key, None)
            wanted = set(upcoming)
            for stale in [k for k in self._pending if k not in wanted]:
                self._pending.pop(stale).cancel()
            for k in upcoming:
                if k not in self._pending and k != key:
                    self._pending[k] = self._submit(k)
        if future is None:
            return self._fetch(key)
        # Raises the fetch's own error (a DataGenError, say) on the caller's thread.
        return future.result()

    def clear(self):
        """Drops every queued fetch (a running one finishes and is discarded)."""
        with self._lock:
            for future in self._pending.values():
                future.cancel()
            self._pending.clear()

    def close(self):
        self.clear()
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None

    def _submit(self, key):
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="datagen-prefetch")
        return self._executor.submit(self._fetch, key)


# A forked child (a DataLoader worker) has copies of the executors but not their threads (work queued
# there would never run), and of locks those threads may have held. The child starts every prefetcher
# afresh before it runs anything.
_live = weakref.WeakSet()


def _after_fork_in_child():
    for prefetcher in list(_live):
        prefetcher._reset()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
