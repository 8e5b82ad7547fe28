"""Every public string in every language: the catalogues are complete, their placeholders match
the English, and they hold every string the code and templates mark for translation."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALES = ("en_GB", "pl", "pa", "zh_Hant", "ur")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


CATALOGUES = Path(settings.BASE_DIR) / "locale"


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(CATALOGUES / locale / "LC_MESSAGES" / "django.po"))


def test_the_five_languages_have_a_catalogue_each():
    assert [code for code, _ in settings.LANGUAGES] == ["en-gb", "pl", "pa", "zh-hant", "ur"]
    for locale in LOCALES:
        assert catalogue(locale).metadata["Language"] == locale


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated_with_its_placeholders(locale):
    problems = []
    for entry in catalogue(locale):
        if entry.obsolete:
            continue
        forms = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        if "fuzzy" in entry.flags or not all(forms):
            problems.append(f"not translated: {entry.msgid!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {form!r}")
    assert problems == [], f"{locale}: {len(problems)} problems\n" + "\n".join(problems)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext's xgettext is not installed")
def test_the_catalogues_hold_every_string_marked_for_translation(settings, tmp_path, monkeypatch):
    """makemessages, run over the sources (linked into a scratch directory, so nothing in the
    repository is written), finds nothing the catalogues lack."""
    sources = tmp_path / "src"
    sources.mkdir()
    for name in ("config", "safer", "templates"):
        (sources / name).symlink_to(Path(settings.BASE_DIR) / name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(sources)
    call_command("makemessages", locale=["pl"], symlinks=True, keep_pot=True, verbosity=0)
    found = {entry.msgid for entry in polib.pofile(str(tmp_path / "locale" / "django.pot"))}
    assert found, "makemessages found no strings"
    for locale in LOCALES:
        held = {entry.msgid for entry in catalogue(locale) if not entry.obsolete}
        missing = sorted(found - held)
        assert missing == [], (
            f"{locale}: strings not in the catalogue (run ./run translations): {missing}"
        )
