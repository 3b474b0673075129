"""Starting the dashboard and Debian's Chromium for browser tests and benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


class SetupError(RuntimeError):
    """The browser or the server could not be started; the message says why."""


def chromium_args() -> list[str]:
    args = [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        # Chromium's own background traffic would be refused on a closed network anyway.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    return args


def ensure_chromium() -> Path:
    """Debian's Chromium, installed with apt-get when missing (playwright cannot download one)."""
    if CHROMIUM.exists():
        return CHROMIUM
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if sudo and not shutil.which("sudo"):
        raise SetupError(
            "/usr/bin/chromium is missing and apt-get needs root: run `apt-get install chromium`"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        result = subprocess.run(
            [*sudo, *command], env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise SetupError(
                f"could not install Debian's chromium ({' '.join(command)}):\n{result.stderr[-2000:]}"
            )
    if not CHROMIUM.exists():
        raise SetupError("apt-get installed chromium but /usr/bin/chromium is still missing")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def start_server(
    data_dir: Path | None, log: Path, timeout: float = 90, cpus: str | None = None
) -> Server:
    """`streamlit run dashboard.py` headless on a free port; returns once it answers.

    The server runs with the project's .streamlit/config.toml; ``cpus`` (e.g. "0") pins it
    to those cores with taskset (benchmarks use this as a stand-in for a small container).
    """
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if data_dir is None:
        env.pop("CADASH_DATA_DIR", None)
    else:
        env["CADASH_DATA_DIR"] = str(data_dir)
    command = [
        *(["taskset", "-c", cpus] if cpus else []),
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    handle = log.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return Server(url, process, log)
        except OSError:
            # Not listening yet: poll again (a condition, not a fixed wait for the app).
            time.sleep(0.2)
    process.terminate()
    raise SetupError(f"streamlit did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
