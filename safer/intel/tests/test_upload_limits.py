"""Upload bombs (issue 17, finding 4): archives checked before anything is extracted, bounded
extraction, over-long lines named; the pages answer with a message, never a 500, and what was
stored before is still there."""

import csv
import io
import struct
import tempfile
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safer.intel import arrow_import, import_files, services, storage
from safer.intel.mappings import seed_incident_log
from safer.intel.models import ColumnMapping, CrimeImport
from safer.intel.services import crime_paths_import, crime_upload_import
from safer.intel.tests.helpers import HEADER, SAMPLE_DIR, street_row, write_street_csv
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

FEB = SAMPLE_DIR / "2019-02-thames-valley-street-cherwell.csv"


@pytest.fixture
def analyst(council):
    return member(Role.ANALYST, council)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """The folder the importer's temporary files go to, to check none is left behind."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def stored_before(intel_store):
    """One real month stored before the bombs arrive."""
    summary = crime_paths_import(paths=[FEB])
    assert not summary.rejected_files
    return stored_count()


def stored_count() -> int:
    with storage.crimes_connection() as connection:
        return connection.execute("SELECT count(*) FROM crimes").fetchone()[0]


def row_line(crime_id: str = "") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(street_row(crime_id=crime_id))
    return out.getvalue().encode()


def bomb(megabytes: int, *, name: str = "2019-01-street.csv") -> bytes:
    """A zip of one police.uk file of the same row repeated: a few KB for megabytes of CSV,
    written by streaming so the test never holds the whole member."""
    line = row_line()
    repeat = (1 << 20) // len(line)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle,
        bundle.open(name, "w", force_zip64=True) as member_file,
    ):
        member_file.write(HEADER.encode() + b"\n")
        for _ in range(megabytes):
            member_file.write(line * repeat)
    return buffer.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in members.items():
            bundle.writestr(name, content)
    return buffer.getvalue()


def lying(archive: bytes, declared: int) -> bytes:
    """The archive with every central directory entry claiming `declared` bytes unpacked."""
    data = bytearray(archive)
    start = data.find(b"PK\x01\x02")
    while start != -1:
        struct.pack_into("<I", data, start + 24, declared)
        start = data.find(b"PK\x01\x02", start + 4)
    return bytes(data)


def refuse_extraction(monkeypatch):
    """Fail the test if any member is opened: the check must come before extraction."""

    def opened(*args, **kwargs):
        raise AssertionError("a member was extracted before the archive was checked")

    monkeypatch.setattr(zipfile.ZipFile, "open", opened)


def small_limits(settings):
    settings.INTEL_ZIP_MAX_MEMBERS = 3
    settings.INTEL_ZIP_MAX_UNCOMPRESSED_MB = 1
    settings.INTEL_ZIP_MAX_RATIO = 100


# The service


def test_a_highly_compressed_archive_is_refused_before_extraction(
    stored_before, scratch, tmp_path, monkeypatch
):
    path = tmp_path / "bomb.zip"
    path.write_bytes(bomb(4))
    assert path.stat().st_size < 100_000  # 4 MB of CSV in a few KB
    refuse_extraction(monkeypatch)
    with pytest.raises(ValidationError) as caught:
        crime_paths_import(paths=[path])
    message = " ".join(caught.value.messages)
    assert "The ZIP file bomb.zip cannot be imported" in message
    assert "times its own size" in message
    assert list(scratch.iterdir()) == []
    assert stored_count() == stored_before


def test_an_archive_over_the_size_limit_is_refused(
    stored_before, scratch, tmp_path, settings, monkeypatch
):
    settings.INTEL_ZIP_MAX_UNCOMPRESSED_MB = 1
    settings.INTEL_ZIP_MAX_RATIO = 1_000_000
    path = tmp_path / "big.zip"
    path.write_bytes(bomb(2))
    refuse_extraction(monkeypatch)
    with pytest.raises(ValidationError, match="more than the 1 MB accepted"):
        crime_paths_import(paths=[path])
    assert list(scratch.iterdir()) == []
    assert stored_count() == stored_before


def test_an_archive_with_too_many_members_is_refused(
    stored_before, scratch, tmp_path, settings, monkeypatch
):
    settings.INTEL_ZIP_MAX_MEMBERS = 3
    content = HEADER.encode() + b"\n" + row_line("m1")
    path = tmp_path / "many.zip"
    path.write_bytes(zip_of({f"{n}.csv": content for n in range(4)}))
    refuse_extraction(monkeypatch)
    with pytest.raises(ValidationError, match="it holds 4 files, more than the 3 accepted"):
        crime_paths_import(paths=[path])
    assert list(scratch.iterdir()) == []
    assert not CrimeImport.objects.filter(file_name__startswith="many.zip").exists()


def test_an_archive_whose_directory_outgrows_its_stated_count_is_refused_unparsed(
    intel_store, scratch, tmp_path, settings, monkeypatch
):
    # zipfile reads the central directory by its size, not its count: a count of 1 in front
    # of a directory of thousands of entries must not get it parsed.
    settings.INTEL_ZIP_MAX_MEMBERS = 3
    archive = bytearray(zip_of({f"{n:0>200}.csv": b"" for n in range(100)}))
    struct.pack_into("<HH", archive, archive.rfind(b"PK\x05\x06") + 8, 1, 1)
    path = tmp_path / "catalogue.zip"
    path.write_bytes(bytes(archive))

    def parsed(*args, **kwargs):
        raise AssertionError("the central directory was parsed")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", parsed)
    with pytest.raises(ValidationError, match="its list of files is larger than 3 files need"):
        crime_paths_import(paths=[path])
    assert list(scratch.iterdir()) == []


def test_an_archive_that_lies_about_its_size_is_refused(stored_before, scratch, tmp_path, settings):
    settings.INTEL_ZIP_MAX_UNCOMPRESSED_MB = 1
    settings.INTEL_ZIP_MAX_RATIO = 1_000_000
    path = tmp_path / "liar.zip"
    path.write_bytes(lying(bomb(3), declared=1000))
    with pytest.raises(ValidationError, match="cannot be read as a ZIP file"):
        crime_paths_import(paths=[path])
    assert list(scratch.iterdir()) == []
    assert stored_count() == stored_before


def test_extraction_stops_at_the_limit_even_if_the_check_was_fooled(
    stored_before, scratch, tmp_path, settings, monkeypatch
):
    # The second line of defence: bytes actually written are counted, whatever was declared.
    from safer.core import archives

    settings.INTEL_ZIP_MAX_UNCOMPRESSED_MB = 1
    monkeypatch.setattr(archives, "zip_problem", lambda *args, **kwargs: None)
    path = tmp_path / "fooled.zip"
    path.write_bytes(bomb(3))
    with pytest.raises(ValidationError, match="more than the 1 MB accepted"):
        crime_paths_import(paths=[path])
    assert list(scratch.iterdir()) == []
    assert stored_count() == stored_before


def test_an_unreadable_archive_is_named_not_a_crash(intel_store, scratch, tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(zip_of({"a.csv": HEADER.encode()})[:-30])
    with pytest.raises(ValidationError, match=r"The ZIP file broken\.zip cannot be imported"):
        crime_paths_import(paths=[path])
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize("fast_path", [True, False])
def test_an_over_long_first_line_is_named(intel_store, tmp_path, monkeypatch, fast_path):
    monkeypatch.setattr(arrow_import, "ENABLED", fast_path)
    path = tmp_path / "long-header.csv"
    path.write_bytes(HEADER.encode() + b"," + b"x" * 200_000 + b"\n" + row_line("a1"))
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [
        {"line": 1, "reason": services.LINE_TOO_LONG.format(kb=64)},
    ]
    assert stored_count_or_zero() == 0


@pytest.mark.parametrize("fast_path", [True, False])
def test_an_over_long_data_line_is_named(intel_store, tmp_path, monkeypatch, fast_path):
    monkeypatch.setattr(arrow_import, "ENABLED", fast_path)
    rows = [street_row(crime_id="a1"), street_row(crime_id="a2", location="x" * 200_000)]
    path = write_street_csv(tmp_path / "long-line.csv", rows, crlf=True)
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [{"line": 3, "reason": services.LINE_TOO_LONG.format(kb=64)}]
    assert stored_count_or_zero() == 0


def test_the_line_limit_is_a_setting(intel_store, tmp_path, settings):
    settings.INTEL_CSV_MAX_LINE_KB = 1
    rows = [street_row(crime_id="a1"), street_row(crime_id="a2", location="x" * 2000)]
    path = write_street_csv(tmp_path / "long-line.csv", rows)
    record = crime_paths_import(paths=[path]).files[0]
    assert record.errors == [{"line": 3, "reason": services.LINE_TOO_LONG.format(kb=1)}]


def test_a_field_too_long_for_the_csv_module_is_named_not_a_crash(intel_store, tmp_path, settings):
    # With the line limit raised past Python's csv field limit (128 KB), a bad file with such
    # a field is still rejected with its line named; the same for a quoted field over many
    # short lines, which no line limit sees.
    settings.INTEL_CSV_MAX_LINE_KB = 1024
    long_field = street_row(crime_id="a2", month="2019-13", location="x" * 200_000)
    many_lines = street_row(crime_id="a3", month="2019-13", location="xx\n" * 60_000)
    path = write_street_csv(tmp_path / "fields.csv", [street_row(crime_id="a1"), long_field])
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [{"line": 3, "reason": import_files.FIELD_TOO_LONG}]
    path = write_street_csv(tmp_path / "lines.csv", [street_row(crime_id="a1"), many_lines])
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [{"line": 3, "reason": import_files.FIELD_TOO_LONG}]


def stored_count_or_zero() -> int:
    return stored_count() if storage.stored_months() else 0


# The pages


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/zip")


def test_the_upload_page_answers_a_bomb_with_an_error_message(
    signed_in, analyst, stored_before, scratch
):
    before = CrimeImport.objects.count()
    response = signed_in(analyst).post(reverse("intel:upload"), {"file": upload("b.zip", bomb(4))})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "The ZIP file b.zip cannot be imported" in body
    assert list(scratch.iterdir()) == []
    assert CrimeImport.objects.count() == before
    assert stored_count() == stored_before


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (lambda: zip_of({f"{n}.csv": b"x" for n in range(4)}), "more than the 3 accepted"),
        (lambda: bomb(2), "more than the 1 MB accepted"),
        (lambda: lying(bomb(2), declared=1000), "cannot be read as a ZIP file"),
    ],
)
def test_the_upload_page_names_every_archive_limit(
    signed_in, analyst, stored_before, scratch, settings, archive, message
):
    small_limits(settings)
    settings.INTEL_ZIP_MAX_RATIO = 1_000_000
    response = signed_in(analyst).post(
        reverse("intel:upload"), {"file": upload("b.zip", archive())}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(scratch.iterdir()) == []
    assert stored_count() == stored_before


def test_the_upload_page_names_an_over_long_first_line_in_a_zip(
    signed_in, analyst, stored_before, scratch
):
    content = HEADER.encode() + b"," + b"x" * 200_000 + b"\n" + row_line("a1")
    client = signed_in(analyst)
    response = client.post(
        reverse("intel:upload"), {"file": upload("long.zip", zip_of({"long.csv": content}))}
    )
    assert response.status_code == 302
    record = CrimeImport.objects.get(file_name="long.zip:long.csv")
    assert record.errors == [{"line": 1, "reason": services.LINE_TOO_LONG.format(kb=64)}]
    body = client.get(reverse("intel:imports")).content.decode()
    assert "Line 1: " + services.LINE_TOO_LONG.format(kb=64) in body
    assert list(scratch.iterdir()) == []
    assert stored_count() == stored_before


def test_the_mapped_upload_page_answers_a_bomb_with_an_error_message(
    signed_in, analyst, intel_store, scratch
):
    seed_incident_log()
    mapping = ColumnMapping.objects.get()
    response = signed_in(analyst).post(
        reverse("intel:mapped_upload"), {"mapping": mapping.pk, "file": upload("b.zip", bomb(4))}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "The ZIP file b.zip cannot be imported" in body
    assert list(scratch.iterdir()) == []
    assert CrimeImport.objects.count() == 1  # the seed's own


def test_a_good_zip_still_imports_through_the_upload(signed_in, analyst, intel_store, scratch):
    response = signed_in(analyst).post(
        reverse("intel:upload"), {"file": upload("feb.zip", zip_of({"feb.csv": FEB.read_bytes()}))}
    )
    assert response.status_code == 302
    assert CrimeImport.objects.get().rows_stored == 726
    assert list(scratch.iterdir()) == []


def test_crime_upload_import_refuses_a_bomb(stored_before, scratch, analyst):
    with pytest.raises(ValidationError, match="times its own size"):
        crime_upload_import(upload=upload("b.zip", bomb(4)), imported_by=analyst)
    assert list(scratch.iterdir()) == []
    assert stored_count() == stored_before
