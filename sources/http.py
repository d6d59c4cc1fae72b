"""A polite HTTP client: one request at a time per host, `delay` seconds apart, honest about
who it is, retrying on 429 and 5xx with back-off and Retry-After (capped), never on 404.

Example::

    with Client(delay=1.0) as client:
        body = client.get("https://democracy.example.gov.uk/mgWebService.asmx/GetCommittees").content
"""
from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import httpx

from onrecord.sources.errors import FetchError, NotFound, Refused

RETRY_STATUSES = {429, 500, 502, 503, 504}


def user_agent() -> str:
    """onrecord's User-Agent: its name, version and what it does."""
    try:
        ours = version("onrecord")
    except PackageNotFoundError:  # run from a checkout that is not installed
        ours = "0"
    return f"onrecord/{ours} (meeting papers importer; python-httpx/{httpx.__version__})"


@dataclass
class Response:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class Client:
    """GETs one URL at a time per host, at least `delay` seconds after the last request ended."""

    def __init__(
        self,
        delay: float = 1.0,
        *,
        retries: int = 4,
        backoff: float = 2.0,
        max_wait: float = 60.0,
        timeout: float = 60.0,
    ) -> None:
        self.delay = delay
        self.retries = retries
        self.backoff = backoff  # first wait after a 429/5xx without Retry-After, doubled each time
        self.max_wait = max_wait  # cap on any one wait, Retry-After included
        self.requests = 0
        self._http = httpx.Client(
            headers={"User-Agent": user_agent()}, timeout=timeout, follow_redirects=True
        )
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}  # host -> monotonic time its last request ended
        self._guard = threading.Lock()

    def __enter__(self):  # -> Self, from Python 3.11
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def get(self, url: str, params: dict[str, str] | None = None) -> Response:
        """The response to a GET; raises NotFound (404), Refused (401, 403) or FetchError."""
        host = urlsplit(url).netloc.lower()
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            for attempt in range(self.retries + 1):
                response, error = self._once(host, url, params)
                if response is not None and response.status_code not in RETRY_STATUSES:
                    return _checked(url, response)
                if attempt == self.retries:
                    break
                wait = self.backoff * 2**attempt
                if response is not None and (after := _retry_after(response)) is not None:
                    wait = after
                time.sleep(min(wait, self.max_wait))
            if response is None:  # _once gives a response or an error, never both
                raise FetchError(f"{url}: {error}")
            raise FetchError(f"{url}: HTTP {response.status_code} after {self.retries + 1} tries")

    def _once(
        self, host: str, url: str, params: dict[str, str] | None
    ) -> tuple[httpx.Response | None, str | None]:
        if (last := self._last.get(host)) is not None:
            time.sleep(max(0.0, last + self.delay - time.monotonic()))
        self.requests += 1
        try:
            return self._http.get(url, params=params), None
        except httpx.HTTPError as e:
            return None, f"{type(e).__name__}: {e}"
        finally:
            self._last[host] = time.monotonic()


def _checked(url: str, response: httpx.Response) -> Response:
    status = response.status_code
    if status == 404 or status == 410:
        raise NotFound(f"{url}: HTTP {status} Not Found")
    if status in (401, 403):
        raise Refused(
            f"{url}: the site refused onrecord (HTTP {status}) - it may block automated clients;"
            " try again later with a larger --delay, or ask the council for access"
        )
    if status >= 400:
        raise FetchError(f"{url}: HTTP {status}")
    return Response(
        str(response.url), status, response.content, response.headers.get("content-type", "")
    )


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks to wait: Retry-After as seconds or as an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
