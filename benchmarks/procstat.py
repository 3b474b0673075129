"""What a running process spends, read from /proc (Linux): CPU time and resident memory.

CPU time is utime + stime of /proc/PID/stat, which covers every thread of the process,
live or finished; it ticks in 1/CLK_TCK seconds (10 ms here), so single readings of short
interactions are coarse: the benchmarks report medians and totals over many of them.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

TICK = 1 / os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, all threads included."""
    # The command name may contain spaces or parentheses: split after its closing one.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK


def busy_seconds() -> float:
    """CPU time the whole machine has spent busy so far (all cores; idle and iowait excluded)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) * TICK


def load_average() -> float:
    """The machine's one-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    raise KeyError(key)


def rss_mb(pid: int) -> float:
    """Resident memory now (VmRSS), in MB."""
    return _status_kb(pid, "VmRSS") / 1024


def peak_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) since start or since :func:`reset_peak`, in MB."""
    return _status_kb(pid, "VmHWM") / 1024


def reset_peak(pid: int) -> bool:
    """Start VmHWM afresh from the current RSS (writes 5 to clear_refs); False if refused."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def wait_quiet(pid: int, quiet: float = 0.5, timeout: float = 60.0, step: float = 0.05) -> float:
    """Wait until the process's CPU time stops growing for ``quiet`` seconds; return it."""
    deadline = time.monotonic() + timeout
    last = cpu_seconds(pid)
    since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(step)
        now = cpu_seconds(pid)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            break
    return last


def others_busy(pids: list[int], seconds: float = 3.0) -> float:
    """Cores used over ``seconds`` by every process but these and this one."""
    mine0 = sum(cpu_seconds(p) for p in pids) + time.process_time()
    busy0 = busy_seconds()
    time.sleep(seconds)
    mine = sum(cpu_seconds(p) for p in pids) + time.process_time() - mine0
    return max(0.0, busy_seconds() - busy0 - mine) / seconds


def wait_for_quiet(pids: list[int], limit: float, timeout: float) -> tuple[float, float]:
    """Wait (at most ``timeout`` s) until other processes use under ``limit`` cores.

    Returns what they used in the last window, and how long this waited.
    """
    start = time.monotonic()
    while True:
        share = others_busy(pids)
        if share < limit or time.monotonic() - start >= timeout:
            return share, time.monotonic() - start
