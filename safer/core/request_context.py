"""Where the current request came from, for the audit log and the service's logs.

Set by RequestContextMiddleware for each request (the user once they are known, by
RequestLogMiddleware); management commands and the task worker leave it empty.
"""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""
    # X-Request-ID: the proxy's, when sane, else one made here; in logs and audit rows.
    request_id: str = ""
    user_id: int | None = None


_current: ContextVar[RequestContext] = ContextVar("request_context", default=RequestContext())  # noqa: B039 - frozen


def current() -> RequestContext:
    return _current.get()


def set_current(context: RequestContext):
    return _current.set(context)


def reset(token) -> None:
    _current.reset(token)
