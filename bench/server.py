"""The site under gunicorn with production settings, and a threaded HTTP client that times it.

Runs outside Django: the server is a separate process (the one the bureau would run), the clients are
threads with one connection each (gunicorn's sync workers close it after every response; http.client
opens the next one)."""

import http.client
import math
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import ROOT

GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as docs/deployment.md runs it (workers recycled after --max-requests), on a free port."""

    def __init__(self, env: dict, workers: int):
        self.env, self.workers = env, workers
        self.port = free_port()
        self.process = None

    def __enter__(self) -> "Server":
        command = [
            *(str(GUNICORN), "hrparks.wsgi", "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"),
            *("--max-requests", "2000", "--max-requests-jitter", "200", "--timeout", "60"),
        ]
        self.log = (Path(self.env["MEDIA_ROOT"]).parent / "gunicorn.log").open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}); see {self.log.name}")
            try:
                # Every worker booted (not only the first), so that none starts in the middle of a timing.
                if request(self.port, "/bench/floor/")[0] == 200 and len(self.worker_rss_mb()) == self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within 60 s; see {self.log.name}")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (the master's children), from /proc."""
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid) and "VmRSS" in fields:
                sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
        return sorted(sizes)


def request(port: int, path: str, *, method: str = "GET", headers=None, body=None, connection=None):
    """(status, body bytes); a fresh connection unless one is given."""
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
    response = connection.getresponse()
    return response.status, response.read()


@dataclass
class Timing:
    latencies: list[float] = field(default_factory=list)  # seconds
    statuses: list[int] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    wall: float = 0.0

    def summary(self) -> dict:
        ms = sorted(x * 1000 for x in self.latencies)
        p95 = ms[math.ceil(0.95 * len(ms)) - 1] if ms else None  # nearest rank
        return {
            "requests": len(ms),
            "median_ms": round(statistics.median(ms), 1) if ms else None,
            "p95_ms": round(p95, 1) if ms else None,
            "max_ms": round(ms[-1], 1) if ms else None,
            "rps": round(len(ms) / self.wall, 1) if self.wall else None,
            "server_errors": sum(1 for s in self.statuses if s >= 500) + len(self.exceptions),
            "other_non_2xx": sum(1 for s in self.statuses if not 200 <= s < 300 and s < 500),
        }


def hammer(port: int, path: str, *, clients: int, requests: int, headers=None) -> Timing:
    """`requests` GETs of `path` shared by `clients` threads, as fast as they are answered."""
    timing = Timing()
    lock = threading.Lock()
    remaining = [requests]

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                status, _body = request(port, path, headers=headers, connection=connection)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                with lock:
                    timing.exceptions.append(repr(error))
                continue
            elapsed = time.perf_counter() - started
            with lock:
                timing.latencies.append(elapsed)
                timing.statuses.append(status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timing.wall = time.perf_counter() - started
    return timing
