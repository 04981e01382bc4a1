"""A real browser and a real server for the reading room's tests: headless Chromium driven
by Selenium, Datasette under uvicorn in a thread on a free 127.0.0.1 port.

Debian's ``chromium`` and ``chromium-driver`` packages; Selenium is pointed at both, so it
never tries to download a browser or a driver (there is no internet here). Every wait is
bounded.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver"
PAGE_LOAD_SECS = 20
WAIT_SECS = 10
SERVER_START_SECS = 10
WINDOW = "1280,1000"


def missing() -> str | None:
    """What the browser tests lack on this machine, with the command that installs it."""
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} (Debian's chromium)")
    if not CHROMEDRIVER.exists():
        problems.append(f"{CHROMEDRIVER} (Debian's chromium-driver)")
    if problems:
        return f"missing {' and '.join(problems)}: {INSTALL}"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "missing the selenium package: pip install -e '.[dev]'"
    return None


@contextmanager
def chromium() -> Iterator[WebDriver]:
    """A headless Chromium, closed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={WINDOW}",
        "--lang=en",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_page_load_timeout(PAGE_LOAD_SECS)
        yield driver
    finally:
        driver.quit()


def open_page(driver: WebDriver, url: str) -> None:
    """Load a page and wait (bounded) until the browser has finished loading it."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, WAIT_SECS).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def direction_of(driver: WebDriver, element: Any) -> str:
    """The direction the browser lays the element out in (not only its attribute)."""
    return str(driver.execute_script("return getComputedStyle(arguments[0]).direction", element))


class Server:
    """Serve an ASGI app on a free port of 127.0.0.1 from a thread, until ``stop``."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", ws="none")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> None:
        """Start serving; raise if the server is not up within SERVER_START_SECS."""
        self.thread.start()
        deadline = time.monotonic() + SERVER_START_SECS
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the reading room did not start on {self.url}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.should_exit = True
        self.thread.join(SERVER_START_SECS)
        self.socket.close()


@contextmanager
def served(datasette: Any) -> Iterator[str]:
    """Serve a Datasette (its startup hooks run first); yield its base URL."""
    asyncio.run(datasette.invoke_startup())
    server = Server(datasette.app())
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def keep_screenshot(driver: WebDriver, name: str, folder: Path) -> Path:
    """Save the page as ``folder/name.png``; also to $INGEST_SCREENSHOTS when it is set."""
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    extra = os.environ.get("INGEST_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / path.name)
    return path
