"""Give memory that Python has freed back to the operating system.

Buffers that pandas and pyarrow free stay with the allocators that made them (pyarrow's
memory pool, glibc's malloc) and keep counting in the server's resident memory until they
are reused: reading and removing a 199,000-row upload left about 200 MB so. After an
upload is dropped, :func:`release` hands them back. It walks the heap, so it is meant for
those moments, not for every rerun.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable

import pyarrow as pa


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None on a C library without it."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return getattr(libc, "malloc_trim", None)


_TRIM = _malloc_trim()


def release() -> None:
    """Collect garbage, then return free memory of pyarrow's pool and of malloc."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)
