"""Upload throughput and client memory for a large file sent to the emulator.

    python benchmarks/bench_upload.py [--size 1GiB] [--chunk 8MiB] [--check]

Generates the file in a temp dir, starts ``python -m tests.fake_gemini`` in a separate
process on a free port, and uploads with GeminiClient. Prints:

- throughput of our client, and of a baseline measured in the same run against the same
  server: one plain streamed httpx request carrying the whole file (no chunking, no
  progress, no resume bookkeeping) — the ratio is our overhead;
- peak RSS growth of this (client) process during our upload, over the RSS measured
  just before it. ``--check`` asserts growth < 40 MB (the file must never be in memory).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop_app.api import GeminiClient  # noqa: E402

RSS_LIMIT = 40 * 1024 * 1024
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRss:
    """Samples this process's RSS every few ms in a thread (the upload runs on the loop)."""

    def __init__(self) -> None:
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


def generate(path: Path, size: int) -> None:
    """Non-repeating-ish content written block by block (1 MiB in memory at most)."""
    block = os.urandom(1024 * 1024)
    with path.open("wb") as fh:
        written = 0
        n = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            fh.write(n.to_bytes(8, "big") + piece[8:] if len(piece) > 8 else piece)
            written += len(piece)
            n += 1


def start_emulator() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.fake_gemini", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"(http://\S+)", line)
    if not match:
        proc.kill()
        proc.wait()
        raise SystemExit(f"the emulator did not start: {line!r}")
    return proc, match.group(1)


async def baseline_upload(base_url: str, path: Path, size: int) -> float:
    """One streamed request with the whole file, plain httpx, same server and protocol."""

    async def body() -> AsyncIterator[bytes]:
        with path.open("rb") as fh:
            while chunk := fh.read(1024 * 1024):
                yield chunk

    headers = {"x-goog-api-key": "bench-key"}
    async with httpx.AsyncClient(timeout=httpx.Timeout(600, connect=10)) as http:
        start = await http.post(
            f"{base_url}/upload/v1beta/files",
            json={"file": {"display_name": "baseline"}},
            headers={
                **headers,
                "x-goog-upload-protocol": "resumable",
                "x-goog-upload-command": "start",
                "x-goog-upload-header-content-length": str(size),
                "x-goog-upload-header-content-type": "application/octet-stream",
            },
        )
        start.raise_for_status()
        began = time.perf_counter()
        final = await http.post(
            start.headers["x-goog-upload-url"],
            content=body(),
            headers={
                "x-goog-upload-command": "upload, finalize",
                "x-goog-upload-offset": "0",
                "content-length": str(size),
            },
        )
        final.raise_for_status()
        return time.perf_counter() - began


async def client_upload(base_url: str, path: Path, size: int, chunk: int) -> tuple[float, int, int]:
    calls = 0

    def progress(_sent: int, _total: int) -> None:
        nonlocal calls
        calls += 1

    async with GeminiClient("bench-key", base_url=base_url) as client:
        await client.list_models()  # warm up: connection, imports, TLS-free path
        baseline_rss = rss_bytes()
        with PeakRss() as peak:
            began = time.perf_counter()
            info = await client.upload_file(
                path, mime_type="application/octet-stream", progress=progress, chunk_size=chunk
            )
            elapsed = time.perf_counter() - began
        assert info.size_bytes == size, info
    return elapsed, peak.peak - baseline_rss, calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("1GiB"))
    parser.add_argument("--chunk", type=parse_size, default=parse_size("8MiB"))
    parser.add_argument("--check", action="store_true", help="assert RSS growth < 40 MB")
    args = parser.parse_args()

    proc, base_url = start_emulator()
    try:
        with tempfile.TemporaryDirectory(prefix="gemdesk-bench-") as tmp:
            path = Path(tmp) / "upload.bin"
            began = time.perf_counter()
            generate(path, args.size)
            print(f"generated {args.size / 2**20:.0f} MiB in {time.perf_counter() - began:.1f} s")
            base_s = asyncio.run(baseline_upload(base_url, path, args.size))
            ours_s, growth, calls = asyncio.run(
                client_upload(base_url, path, args.size, args.chunk)
            )
    finally:
        proc.terminate()
        proc.wait(10)

    mib = args.size / 2**20
    print(f"baseline (one plain httpx request): {mib / base_s:8.1f} MiB/s  ({base_s:.2f} s)")
    print(
        f"GeminiClient.upload_file ({args.chunk / 2**20:.0f} MiB chunks, {calls} progress calls):"
        f" {mib / ours_s:8.1f} MiB/s  ({ours_s:.2f} s)"
    )
    print(f"throughput ratio ours/baseline: {base_s / ours_s:.2f}")
    print(f"peak RSS growth of the client process: {growth / 2**20:.1f} MiB (limit 40 MB)")
    if args.check and growth >= RSS_LIMIT:
        print("CHECK FAILED: RSS growth over 40 MB")
        return 1
    if args.check:
        print("check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
