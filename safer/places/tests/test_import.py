"""manage.py import_addresses: whole file or nothing, bad rows named, re-runs update by UPRN."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from safer.audit.models import AuditEvent
from safer.places.models import GazetteerAddress
from safer.places.services import MAX_LINE_BYTES, PROBLEMS_LISTED, gazetteer_import
from safer.places.tests.factories import ROWS, gazetteer_csv

pytestmark = pytest.mark.django_db


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_addresses", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_is_stored_with_coordinates_computed_from_the_grid(tmp_path):
    out, _ = run(gazetteer_csv(tmp_path))
    assert "4 addresses in gazetteer.csv: 4 new, 0 updated" in out
    two = GazetteerAddress.objects.get(uprn="990000000002")
    assert two.address == "2 Imaginary Road, Banbury"
    assert two.postcode == "OX16 1ZZ"  # normalised
    assert (two.easting, two.northing) == (445280, 240810)
    # Banbury, in WGS84 degrees (British National Grid to WGS84 by pyproj)
    assert two.latitude == pytest.approx(52.0627, abs=0.002)
    assert two.longitude == pytest.approx(-1.3422, abs=0.002)
    event = AuditEvent.objects.get(action="places.gazetteer_imported")
    assert event.changes["rows"] == 4 and event.changes["created"] == 4


def test_a_known_grid_point_lands_where_ordnance_survey_puts_it(tmp_path):
    """OS's worked example: TG 51409 13177 is 52°39'27"N 1°43'4.5"E on OSGB36, which WGS84 puts
    about 100 m away: within 0.002 degrees."""
    run(gazetteer_csv(tmp_path, rows=[("1", "Caister", "NR30 5AA", "651409.903", "313177.270")]))
    point = GazetteerAddress.objects.get()
    assert point.latitude == pytest.approx(52.6576, abs=0.002)
    assert point.longitude == pytest.approx(1.7179, abs=0.003)


def test_running_it_again_updates_by_uprn_and_creates_nothing_twice(tmp_path):
    run(gazetteer_csv(tmp_path))
    moved = [(*ROWS[0][:2], "OX16 3ZZ", "445310", "240790"), *ROWS[1:]]
    out, _ = run(gazetteer_csv(tmp_path, rows=moved))
    assert "0 new, 4 updated" in out
    assert GazetteerAddress.objects.count() == 4
    assert GazetteerAddress.objects.get(uprn="990000000010").postcode == "OX16 3ZZ"
    out, _ = run(gazetteer_csv(tmp_path, rows=moved))
    assert GazetteerAddress.objects.count() == 4


def test_replace_removes_addresses_not_in_the_file(tmp_path):
    run(gazetteer_csv(tmp_path))
    out, _ = run(gazetteer_csv(tmp_path, rows=ROWS[:2]), "--replace")
    assert "2 removed" in out
    assert set(GazetteerAddress.objects.values_list("uprn", flat=True)) == {
        "990000000010",
        "990000000002",
    }


def test_bad_rows_are_named_by_line_and_nothing_is_stored(tmp_path):
    rows = [
        ROWS[0],
        ("12A", "Bad UPRN Road", "OX16 1ZZ", "445300", "240800"),
        ("5", "", "OX16 1ZZ", "445300", "240800"),
        ("6", "Nowhere", "NOT A POSTCODE", "445300", "240800"),
        ("7", "Far Away", "OX16 1ZZ", "900000", "240800"),
        ("8", "Not a number", "OX16 1ZZ", "east", "nan"),
        ("990000000010", "Again", "OX16 1ZZ", "445300", "240800"),
    ]
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_err = StringIO()
        call_command("import_addresses", str(gazetteer_csv(tmp_path, rows=rows)), stderr=run_err)
    listed = run_err.getvalue()
    assert "line 3: the UPRN '12A' is not 1 to 12 digits" in listed
    assert "line 4: no address" in listed
    assert "line 5: the postcode 'NOT A POSTCODE' is not shaped like a postcode" in listed
    assert "line 6: the easting 900000 is outside Great Britain's National Grid" in listed
    assert "line 7: the easting 'east' is not a number; the northing nan is outside" in listed
    assert "line 8: the UPRN 990000000010 is also on line 2" in listed
    assert not GazetteerAddress.objects.exists()
    assert not AuditEvent.objects.filter(action="places.gazetteer_imported").exists()


def test_a_bad_file_changes_nothing_already_stored(tmp_path):
    run(gazetteer_csv(tmp_path))
    bad = [(*ROWS[0][:2], "OX16 9ZZ", "445300", "240800"), ("x", "Bad", "OX16 1ZZ", "1", "1")]
    with pytest.raises(CommandError):
        run(gazetteer_csv(tmp_path, rows=bad), "--replace")
    assert GazetteerAddress.objects.count() == 4
    assert GazetteerAddress.objects.get(uprn="990000000010").postcode == "OX16 1ZZ"


def test_the_list_of_bad_rows_is_capped_and_says_how_many_more(tmp_path):
    rows = [(str(i), "", "OX16 1ZZ", "1", "1") for i in range(1, PROBLEMS_LISTED + 6)]
    with pytest.raises(ValidationError) as refused:
        gazetteer_import(path=gazetteer_csv(tmp_path, rows=rows))
    messages = refused.value.messages
    assert len([m for m in messages if m.startswith("line ")]) == PROBLEMS_LISTED
    assert "... and 5 more bad rows" in messages


@pytest.mark.parametrize(
    "header",
    [
        "uprn,address,postcode,easting,northing",
        "UPRN,SINGLE_LINE_ADDRESS,POSTCODE_LOCATOR,X_COORDINATE,Y_COORDINATE",
        "\ufeffUprn,Single line address,Postcode-Locator,X Coordinate,Y Coordinate",
    ],
)
def test_header_spellings_of_llpg_and_addressbase_exports_are_read(tmp_path, header):
    gazetteer_import(path=gazetteer_csv(tmp_path, header=header))
    assert GazetteerAddress.objects.count() == 4


def test_addressbase_columns_are_found_among_others_in_any_order(tmp_path):
    header = "CLASS,Y_COORDINATE,UPRN,X_COORDINATE,POSTCODE_LOCATOR,SINGLE_LINE_ADDRESS"
    rows = [("RD04", "240800", "42", "445300", "OX16 1ZZ", "3 Sample Street, Banbury")]
    gazetteer_import(path=gazetteer_csv(tmp_path, rows=rows, header=header))
    assert GazetteerAddress.objects.get(uprn="42").address == "3 Sample Street, Banbury"


def test_addressbase_plus_postcode_locator_is_read_before_its_postal_postcode(tmp_path):
    header = "UPRN,POSTCODE,POSTCODE_LOCATOR,ADDRESS,EASTING,NORTHING"
    rows = [("42", "", "OX16 1ZZ", "Substation, Sample Street, Banbury", "445300", "240800")]
    gazetteer_import(path=gazetteer_csv(tmp_path, rows=rows, header=header))
    assert GazetteerAddress.objects.get(uprn="42").postcode == "OX16 1ZZ"


def test_a_header_without_a_needed_column_is_refused_naming_it(tmp_path):
    with pytest.raises(ValidationError, match="The header has no POSTCODE_LOCATOR or POSTCODE"):
        gazetteer_import(path=gazetteer_csv(tmp_path, header="UPRN,ADDRESS,POST,EASTING,NORTHING"))


def test_an_over_long_line_is_refused_before_it_is_parsed(tmp_path):
    rows = [ROWS[0], ("5", "x" * (MAX_LINE_BYTES + 10), "OX16 1ZZ", "1", "1")]
    with pytest.raises(ValidationError) as refused:
        gazetteer_import(path=gazetteer_csv(tmp_path, rows=rows))
    assert "line 3: the line is longer than 16 KB" in refused.value.messages[0]
    assert not GazetteerAddress.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.PLACES_IMPORT_MAX_MB = 1
    path = gazetteer_csv(tmp_path)
    with path.open("a") as handle:
        handle.write("#" * (1 << 20))
    with pytest.raises(ValidationError, match="more than the 1 MB accepted"):
        gazetteer_import(path=path)
    assert not GazetteerAddress.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(tmp_path):
    path = gazetteer_csv(tmp_path)
    with path.open("ab") as handle:
        handle.write(b"9,Caf\xe9 Row,OX16 1ZZ,445300,240800\n")
    with pytest.raises(ValidationError, match="line 6: the file must be UTF-8"):
        gazetteer_import(path=path)


def test_a_missing_or_empty_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        run(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(CommandError, match="The file is empty"):
        run(tmp_path / "empty.csv")
    (tmp_path / "header.csv").write_text("UPRN,ADDRESS,POSTCODE,EASTING,NORTHING\n")
    with pytest.raises(CommandError, match="no addresses"):
        run(tmp_path / "header.csv")


def test_the_demo_gazetteer_is_a_good_file_inside_cherwell():
    from safer.places.demo import DEMO_GAZETTEER

    result = gazetteer_import(path=DEMO_GAZETTEER)
    assert result.rows == GazetteerAddress.objects.count() > 50
    for address in GazetteerAddress.objects.all():
        assert 51.8 < address.latitude < 52.2 and -1.45 < address.longitude < -1.1
        assert address.postcode.split()[0] in {"OX16", "OX26", "OX5"}
