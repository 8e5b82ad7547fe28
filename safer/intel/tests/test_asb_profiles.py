"""Case-system ASB beside police.uk: the cases aggregate selectors (local time, filters) and the
intel page with its charts, tables and CSV downloads."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from safer.cases import selectors as cases
from safer.cases.tests.factories import report
from safer.intel.tests.helpers import sample_rows
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def happened(user, when: datetime, **extra):
    """A report of something that happened at `when` (and was reported then)."""
    return report(user, reported_at=when, days_ago=0, **extra)


@pytest.fixture
def caseworker(council):
    return member(Role.CASEWORKER, council)


@pytest.fixture
def analyst(council):
    return member(Role.ANALYST, council)


def test_hours_and_weekdays_are_counted_in_uk_local_time_across_the_clock_change(caseworker):
    # Clocks went forward at 01:00 UTC on Sunday 29 March 2026.
    happened(caseworker, utc(2026, 3, 29, 0, 30))  # 00:30 GMT, Sunday
    happened(caseworker, utc(2026, 3, 29, 1, 30))  # 02:30 BST, Sunday
    happened(caseworker, utc(2026, 1, 15, 17, 30))  # 17:30 GMT, Thursday
    happened(caseworker, utc(2026, 7, 1, 17, 30))  # 18:30 BST, Wednesday
    happened(caseworker, utc(2026, 6, 30, 23, 30))  # 00:30 BST on Wednesday 1 July
    profile = cases.report_time_profile()
    assert profile.total == 5
    assert {h: n for h, n in enumerate(profile.by_hour) if n} == {0: 2, 2: 1, 17: 1, 18: 1}
    assert profile.by_weekday == [0, 0, 2, 1, 0, 0, 2]  # Mon..Sun
    assert profile.grid[6][0] == 1 and profile.grid[6][2] == 1
    assert profile.grid[2][0] == 1 and profile.grid[2][18] == 1 and profile.grid[3][17] == 1
    # The report at 23:30 UTC on 30 June happened in July, UK time.
    assert cases.report_monthly_counts() == {"2026-01": 1, "2026-03": 2, "2026-07": 2}


def test_profile_filters_by_period_category_type_and_organisation(caseworker, council):
    happened(caseworker, utc(2026, 5, 4, 20), type="noise", category="nuisance")
    happened(caseworker, utc(2026, 5, 5, 21), type="graffiti", category="environmental")
    happened(caseworker, utc(2026, 6, 6, 22), type="noise", category="nuisance")
    other = member(Role.CASEWORKER, OrganisationFactory())
    happened(other, utc(2026, 5, 7, 8), type="noise", category="nuisance")
    may = {"start": utc(2026, 4, 30, 23), "end": utc(2026, 5, 31, 23)}  # May, BST
    assert cases.report_time_profile(**may).total == 3
    assert cases.report_time_profile(**may, type="noise").total == 2
    assert cases.report_time_profile(**may, category="environmental").by_hour[22] == 1
    assert cases.report_time_profile(**may, organisation=council).total == 2
    assert cases.report_monthly_counts(**may, type="noise") == {"2026-05": 2}
    assert cases.report_monthly_counts(type="noise") == {"2026-05": 2, "2026-06": 1}


def test_points_carry_only_times_and_coordinates_and_count_what_is_left_out(caseworker):
    for day in (1, 2, 3):
        happened(caseworker, utc(2026, 5, day, 12), latitude=52.06, longitude=-1.34 + day / 1000)
    happened(caseworker, utc(2026, 5, 4, 12))  # an address but no map point
    points = cases.report_points_with_dates(limit=2)
    assert set(vars(points)) == {
        "occurred_at",
        "latitude",
        "longitude",
        "without_coordinates",
        "over_limit",
    }
    assert points.occurred_at == [utc(2026, 5, 3, 12), utc(2026, 5, 2, 12)]  # newest first
    assert points.longitude == pytest.approx([-1.337, -1.338])
    assert points.without_coordinates == 1
    assert points.over_limit == 1
    everything = cases.report_points_with_dates()
    assert len(everything.occurred_at) == 3 and everything.over_limit == 0


PAGES = [
    ("intel:asb", []),
    ("intel:asb_download", ["hours"]),
    ("intel:near_repeats", []),
    ("intel:near_repeats_download", []),
]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VIEWER, Role.PARTNER_OFFICER])
@pytest.mark.parametrize(("name", "args"), PAGES)
def test_roles_without_analytics_get_403(
    signed_in, council, intel_store, caseworker, name, args, role
):
    happened(caseworker, utc(2026, 5, 4, 20), latitude=52.06, longitude=-1.34)
    assert signed_in(member(role, council)).get(reverse(name, args=args)).status_code == 403


def test_asb_page_shows_case_reports_beside_police_data(
    signed_in, analyst, caseworker, council, cherwell_store
):
    happened(caseworker, utc(2019, 1, 5, 21, 15))  # Saturday 21:15 GMT
    happened(caseworker, utc(2019, 1, 6, 21, 45))  # Sunday
    happened(caseworker, utc(2019, 2, 2, 9))
    happened(caseworker, utc(2019, 2, 3, 9), type="graffiti", category="environmental")
    filters = {"area": "E07000177", "month_from": "2018-12", "month_to": "2019-02"}
    police = {
        month: sum(
            1
            for r in sample_rows()
            if r["Crime type"] == "Anti-social behaviour"
            and r["LSOA name"].startswith("Cherwell")
            and r["Month"] == month
        )
        for month in ("2018-12", "2019-01", "2019-02")
    }
    client = signed_in(analyst)
    body = client.get(reverse("intel:asb"), filters).content.decode()
    assert "4 anti-social behaviour reports recorded in this system" in body
    assert f"{sum(police.values()):,} anti-social behaviour incidents" in body
    assert "Case-system ASB reports by hour of day" in body
    assert "21:00 to 21:59" in body

    months = csv_rows(client.get(reverse("intel:asb_download", args=["months"]), filters))
    assert months == [
        ["month", "case_reports", "police_uk_asb"],
        ["2018-12", "0", str(police["2018-12"])],
        ["2019-01", "2", str(police["2019-01"])],
        ["2019-02", "2", str(police["2019-02"])],
    ]
    hours = csv_rows(client.get(reverse("intel:asb_download", args=["hours"]), filters))
    assert hours[0] == ["hour", "case_reports"] and len(hours) == 25
    assert hours[22] == ["21", "2"] and hours[10] == ["9", "2"]
    weekdays = csv_rows(
        client.get(reverse("intel:asb_download", args=["weekdays"]), filters | {"type": "noise"})
    )
    assert weekdays[1:] == [
        ["Monday", "0"],
        ["Tuesday", "0"],
        ["Wednesday", "0"],
        ["Thursday", "0"],
        ["Friday", "0"],
        ["Saturday", "2"],
        ["Sunday", "1"],
    ]
    grid = csv_rows(client.get(reverse("intel:asb_download", args=["grid"]), filters))
    assert grid[0][:3] == ["weekday", "00", "01"] and len(grid[0]) == 25
    assert grid[6][1 + 21] == "1" and grid[7][1 + 21] == "1"
    assert client.get(reverse("intel:asb_download", args=["nothing"])).status_code == 404


def test_asb_page_works_without_police_data_and_says_what_is_missing(
    signed_in, analyst, caseworker, intel_store
):
    happened(caseworker, utc(2026, 5, 4, 20))
    coordinator = member(Role.COORDINATOR, analyst.membership.organisation)
    for user in (analyst, coordinator):
        response = signed_in(user).get(reverse("intel:asb"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "1 anti-social behaviour report recorded in this system" in body
        assert "Not imported" in body
        assert "no police.uk data are imported for these months" in body
        assert "police.uk anti-social behaviour by month" not in body  # no empty chart


def test_asb_page_explains_a_backwards_range(signed_in, analyst, caseworker, intel_store):
    happened(caseworker, utc(2026, 3, 4, 20))
    happened(caseworker, utc(2026, 5, 4, 20))
    body = (
        signed_in(analyst)
        .get(reverse("intel:asb"), {"month_from": "2026-05", "month_to": "2026-03"})
        .content.decode()
    )
    assert "There is a problem" in body
    assert "The start month must be the same as or before the end month" in body


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))
