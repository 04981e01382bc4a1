"""The HTTP plumbing under the landscape: servers, handler, conditional GET, gzip, framing.

Standard library only (``http.server``): one ``ThreadingHTTPServer`` per outlet, HTTP/1.1
keep-alive, a thread per connection. The servers remember their connections so that
``Landscape.stop`` can end idle keep-alive ones instead of waiting for clients to hang up.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import struct
import sys
import threading
from datetime import timezone
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from tests.landscape.content import parse_z
from tests.landscape.faults import RESET_STATUS
from tests.landscape.feeds import http_date
from tests.landscape.outlets import Response

if TYPE_CHECKING:
    from tests.landscape.server import Landscape

HOST = "127.0.0.1"
GZIP_LEVEL = 5  # fast enough for the 50-outlet benchmark, still a real gzip body


class OutletServer(ThreadingHTTPServer):
    """One outlet's HTTP server; remembers open connections so that stop can end them."""

    daemon_threads = True
    # socketserver's default backlog of 5 drops SYNs when a crawler opens many
    # connections at once, and each dropped SYN costs the client a 1 s retransmit.
    request_queue_size = 128

    def __init__(self, landscape: Landscape, outlet_id: str) -> None:
        self.landscape = landscape
        self.outlet_id = outlet_id
        self.connections: set[socket.socket] = set()
        self.to_reset: set[socket.socket] = set()
        self.lock = threading.Lock()
        super().__init__((HOST, 0), OutletHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client drops a connection (kills, caps, keep-alive closes)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Track the connection, then hand it to a thread."""
        with self.lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Close the connection; with RST instead of FIN when a reset fault asked for it."""
        with self.lock:
            self.connections.discard(request)
            reset = request in self.to_reset
            self.to_reset.discard(request)
        if reset:
            # SO_LINGER 0 makes close() send RST: the client sees "connection reset".
            request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            request.close()
        else:
            super().shutdown_request(request)

    def end_connections(self) -> None:
        """Wake every handler blocked on a keep-alive connection so that it can exit."""
        with self.lock:
            open_now = list(self.connections)
        for conn in open_now:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class OutletHandler(BaseHTTPRequestHandler):
    """Passes every request to the landscape; HTTP/1.1 so that clients keep connections."""

    protocol_version = "HTTP/1.1"
    server: OutletServer

    def setup(self) -> None:
        """Disable Nagle: headers and body go out in separate writes, and Nagle plus the
        client's delayed ACK would add 40 ms to every answer."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self.server.landscape.handle(self, self.server)

    def do_HEAD(self) -> None:
        self.server.landscape.handle(self, self.server)

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr line; ``Landscape.requests`` keeps the log."""


def closed_port() -> int:
    """A port that refuses connections: bound once, then closed."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
    return port


def negotiate(response: Response, headers: dict[str, str]) -> Response:
    """Apply conditional GET (ETag, Last-Modified -> 304) and gzip to a plain response."""
    if response.stream is not None or response.status == RESET_STATUS:
        return response
    if response.cacheable_since and response.status == 200:
        etag = '"' + hashlib.sha1(response.body).hexdigest()[:20] + '"'
        last_modified = http_date(response.cacheable_since)
        response.headers = {**response.headers, "ETag": etag, "Last-Modified": last_modified}
        if not_modified(headers, etag, response.cacheable_since):
            return Response(
                status=304,
                headers=response.headers,
                content_type=response.content_type,
                compressible=False,
            )
    if response.compressible and response.body and "gzip" in headers.get("accept-encoding", ""):
        response.body = gzip.compress(response.body, GZIP_LEVEL, mtime=0)
        response.headers = {
            **response.headers,
            "Content-Encoding": "gzip",
            "Vary": "Accept-Encoding",
        }
    return response


def not_modified(headers: dict[str, str], etag: str, since: str) -> bool:
    """True when the request's validators match (RFC 9110 13.1: If-None-Match wins)."""
    if "if-none-match" in headers:
        tags = [t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")]
        return etag in tags or "*" in tags
    if "if-modified-since" in headers:
        try:
            asked = parsedate_to_datetime(headers["if-modified-since"])
        except (TypeError, ValueError):
            return False
        if asked.tzinfo is None:
            asked = asked.replace(tzinfo=timezone.utc)
        return parse_z(since) <= asked
    return False


def send(handler: OutletHandler, response: Response) -> None:
    """Write a response: fixed length, or chunked for open-ended streams."""
    try:
        handler.send_response(response.status)
        handler.send_header("Content-Type", response.content_type)
        for name, value in response.headers.items():
            handler.send_header(name, value)
        chunked = response.stream is not None and response.length is None
        if chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        elif response.stream is not None:
            handler.send_header("Content-Length", str(response.length))
        else:
            handler.send_header("Content-Length", str(len(response.body)))
        handler.end_headers()
        if handler.command == "HEAD" or response.status == 304:
            return
        if response.stream is None:
            handler.wfile.write(response.body)
            return
        for piece in response.stream:
            if chunked:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                handler.wfile.write(piece)
            handler.wfile.flush()
        if chunked:
            handler.wfile.write(b"0\r\n\r\n")
        handler.close_connection = True  # a stream cut short by stop leaves the framing open
    except OSError:  # the client went away mid-body (caps, timeouts): expected in tests
        handler.close_connection = True
