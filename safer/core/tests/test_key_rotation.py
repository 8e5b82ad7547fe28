"""Rotating SECRET_KEY with SECRET_KEY_FALLBACKS keeps people signed in; without it, they are
signed out (docs/operations.md, "Rotate keys"). The audit chain keeps its key through
AUDIT_HMAC_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safer.audit.selectors import chain_verify
from safer.audit.services import record

pytestmark = pytest.mark.django_db

OLD = "old-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789"
NEW = "new-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789"


def test_the_old_key_as_a_fallback_keeps_sessions_and_moves_them_to_the_new_key(
    client, caseworker, settings
):
    settings.SECRET_KEY = OLD
    client.force_login(caseworker)
    assert client.get("/").status_code == 200

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert client.get("/").status_code == 200
    # Once seen, the session is signed with the new key: the fallback can go.
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get("/").status_code == 200


def test_without_the_fallback_everyone_is_signed_out(client, caseworker, settings):
    settings.SECRET_KEY = OLD
    client.force_login(caseworker)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, []
    response = client.get("/")
    assert response.status_code == 302
    assert "/account/sign-in" in response.url


def test_the_audit_chain_survives_a_secret_key_rotation_with_audit_hmac_key(caseworker, settings):
    settings.SECRET_KEY, settings.AUDIT_HMAC_KEY = OLD, ""
    record(actor=caseworker, action="person.viewed", target=caseworker)

    # The runbook: first pin the chain's key to the old secret, then rotate SECRET_KEY.
    settings.AUDIT_HMAC_KEY, settings.SECRET_KEY = OLD, NEW
    record(actor=caseworker, action="person.viewed", target=caseworker)
    assert chain_verify().ok

    settings.AUDIT_HMAC_KEY = ""  # forgetting that step
    assert not chain_verify().ok


def test_fallbacks_are_read_from_the_environment():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false"}
    env.update({"SECRET_KEY": NEW, "SECRET_KEY_FALLBACKS": f"{OLD}, another-old-key"})
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
        ],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str([OLD, "another-old-key"])
