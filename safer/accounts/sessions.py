"""Sessions that die after a spell of idleness without a database write on every request.

Django's SESSION_SAVE_EVERY_REQUEST rewrites the session row on every page, which costs a
transaction per request. Here a signed-in session is written again only when its stored expiry
has fallen more than SESSION_TOUCH_SECONDS behind "now + idle time", so idle expiry stays within
that margin of exact while a busy user costs one write a minute, not one a request.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils import timezone


class SessionStore(db.SessionStore):
    """The database store, remembering the expiry the row held when it was read."""

    stored_expiry = None

    def _get_session_from_db(self):
        row = super()._get_session_from_db()
        if row is not None:
            self.stored_expiry = row.expire_date
        return row


class IdleExpirySessionMiddleware(SessionMiddleware):
    """Push a session's expiry forward when it has gone stale, then save as Django would."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        stored = getattr(session, "stored_expiry", None)
        if stored is not None and not session.modified and not session.is_empty():
            due = timezone.now() + timedelta(
                seconds=settings.SESSION_COOKIE_AGE - settings.SESSION_TOUCH_SECONDS
            )
            if stored < due:
                session.modified = True
        return super().process_response(request, response)
