"""The hub's part of /healthz (registered in HEALTH_CHECKS): is the analytics store usable?"""

import os

from django.conf import settings

from safer.intel import storage


def analytics_store() -> dict:
    """INTEL_DATA_DIR exists and is writable, and DuckDB answers a query."""
    root = settings.INTEL_DATA_DIR
    if not root.exists():
        # Nothing imported yet: fine if the first import can create it.
        parent = root.parent
        usable = parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
        return {"analytics_store": "empty" if usable else "missing"}
    if not root.is_dir():
        return {"analytics_store": "not a folder"}
    if not os.access(root, os.R_OK | os.W_OK | os.X_OK):
        return {"analytics_store": "not writable"}
    try:
        cursor = storage.connect()
        try:
            cursor.execute("SELECT 1").fetchone()
        finally:
            cursor.close()
    except Exception as error:  # any DuckDB failure is reported, never raised
        return {"analytics_store": f"duckdb failed: {type(error).__name__}"}
    return {"analytics_store": "ok"}
