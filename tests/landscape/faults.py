"""Injected failures: error statuses, resets, bodies that trickle, never end or explode.

Every fault is opt-in (``Landscape.fail`` / ``Landscape.set_fault``). Large bodies are
generated while they are sent, never held in memory: the gzip bomb repeats one
byte-aligned deflate segment (``Z_FULL_FLUSH`` resets the compressor, so identical input
gives identical output), 1 KB of wire per MB of zeros.
"""

from __future__ import annotations

import functools
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any, TypeAlias

from tests.landscape.outlets import Response

STATUS_TEXT = {
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
SPECIAL_KINDS = (
    "reset",
    "slow",
    "endless",
    "huge",
    "gzip-bomb",
    "redirect-loop",
    "wrong-charset",
    "429-date",
)
RESET_STATUS = 0  # logged status of a connection closed without an answer
BOMB_BLOCK_BYTES = 1024 * 1024
HUGE_BODY_BYTES = 50 * 1024 * 1024
GZIP_BOMB_BYTES = 1024 * 1024 * 1024

# What ``Landscape.fail`` accepts per try: 500, "503", "reset", ("429", 2), (429, "<HTTP-date>")
FaultItem: TypeAlias = int | str | tuple[int | str, int | float | str]


@dataclass(frozen=True)
class Fault:
    """One injected failure: an error status, a reset, or a special body."""

    kind: str  # "status" or one of SPECIAL_KINDS
    status: int = 0
    retry_after: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def parse_fault(item: FaultItem, **params: Any) -> Fault:
    """Turn a ``fail()`` list item into a Fault; raise ValueError on nonsense."""
    if isinstance(item, tuple):
        status, retry = item
        return Fault("status", int(status), str(retry))
    if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
        return Fault("status", int(item))
    if item in SPECIAL_KINDS:
        return Fault(item, params=params)
    raise ValueError(
        f"unknown fault {item!r}: use a status, (status, retry_after) or one of {SPECIAL_KINDS}"
    )


def error_page(status: int, retry_after: str | None = None) -> Response:
    """A small HTML error page with the given status (and Retry-After)."""
    text = STATUS_TEXT.get(status, "Error")
    body = f"<html><head><title>{status} {text}</title></head><body><h1>{text}</h1></body></html>"
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Response(status=status, body=body.encode(), headers=headers, compressible=False)


def apply_fault(fault: Fault, normal: Response | None, url: str, stop: threading.Event) -> Response:
    """The response that replaces ``normal`` (None: the page does not exist) under ``fault``."""
    p = fault.params
    if fault.kind == "status":
        return error_page(fault.status, fault.retry_after)
    if fault.kind == "429-date":
        retry = formatdate(time.time() + float(p.get("secs", 2)), usegmt=True)
        return error_page(429, retry)
    if fault.kind == "reset":
        return Response(status=RESET_STATUS)
    if fault.kind == "redirect-loop":
        return Response(status=302, headers={"Location": url}, compressible=False)
    if fault.kind == "endless":
        return Response(
            content_type="text/html; charset=utf-8", stream=endless_body(stop), compressible=False
        )
    if fault.kind == "huge":
        size = int(p.get("size_bytes", HUGE_BODY_BYTES))
        length = size if p.get("declare_length", True) else None
        return Response(stream=huge_body(size, stop), length=length, compressible=False)
    if fault.kind == "gzip-bomb":
        size = int(p.get("size_bytes", GZIP_BOMB_BYTES))
        return Response(
            headers={"Content-Encoding": "gzip"},
            stream=gzip_bomb(size, stop),
            length=gzip_bomb_length(size),
            compressible=False,
        )
    base = normal or error_page(404)
    if fault.kind == "slow":
        return Response(
            status=base.status,
            content_type=base.content_type,
            headers=base.headers,
            stream=trickle(
                base.body, int(p.get("chunk_bytes", 16)), float(p.get("interval_secs", 0.5)), stop
            ),
            length=len(base.body),
            compressible=False,
        )
    # wrong-charset: the header promises UTF-8, the bytes are windows-1256.
    if "windows-1256" in base.content_type:
        body = base.body
    else:
        body = base.body.decode("utf-8").encode("windows-1256", errors="replace")
    return Response(
        status=base.status, body=body, content_type="text/html; charset=utf-8", compressible=False
    )


def trickle(
    body: bytes, chunk_bytes: int, interval_secs: float, stop: threading.Event
) -> Iterator[bytes]:
    """Yield ``body`` a few bytes at a time, pausing between pieces."""
    for start in range(0, len(body), chunk_bytes):
        if stop.wait(interval_secs if start else 0):
            return
        yield body[start : start + chunk_bytes]


def endless_body(stop: threading.Event) -> Iterator[bytes]:
    """An HTML body that never ends (sent chunked) until the server stops."""
    yield b"<html><body>"
    line = "<p>خبر عاجل يتجدد بلا نهاية</p>\n".encode() * 64
    while not stop.wait(0.01):
        yield line


def huge_body(size: int, stop: threading.Event) -> Iterator[bytes]:
    """``size`` bytes of HTML filler, generated 64 KiB at a time."""
    filler = ("<p>" + "نص طويل جدا " * 300 + "</p>\n").encode()
    piece = (filler * (65536 // len(filler) + 1))[:65536]
    sent = 0
    while sent < size and not stop.is_set():
        chunk = piece[: size - sent]
        sent += len(chunk)
        yield chunk


@functools.lru_cache(maxsize=1)
def bomb_segments() -> tuple[bytes, bytes, bytes]:
    """(first segment, repeatable segment, final block) of raw deflate over 1 MiB of zeros."""
    zeros = bytes(BOMB_BLOCK_BYTES)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(zeros) + comp.flush(zlib.Z_FULL_FLUSH)
    return first, again, comp.flush(zlib.Z_FINISH)


def gzip_bomb_length(size: int) -> int:
    """The number of bytes ``gzip_bomb(size)`` sends."""
    first, again, final = bomb_segments()
    blocks = max(1, size // BOMB_BLOCK_BYTES)
    return 10 + len(first) + (blocks - 1) * len(again) + len(final) + 8


def gzip_bomb(size: int, stop: threading.Event) -> Iterator[bytes]:
    """A valid gzip stream that inflates to ``size`` zero bytes (whole MiB)."""
    first, again, final = bomb_segments()
    blocks = max(1, size // BOMB_BLOCK_BYTES)
    zeros = bytes(BOMB_BLOCK_BYTES)
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip header, no name, max compression
    crc = 0
    for i in range(blocks):
        if stop.is_set():
            return
        crc = zlib.crc32(zeros, crc)
        yield first if i == 0 else again
    yield final + struct.pack("<II", crc, (blocks * BOMB_BLOCK_BYTES) & 0xFFFFFFFF)
