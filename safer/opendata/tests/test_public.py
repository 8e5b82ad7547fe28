"""The public crime map, statistics, news and community screen: nothing from the case system
but suppressed counts reaches them, small counts are hidden and cannot be backed out, and the
pages work for anyone without signing in."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.neighbourhoods.tests.factories import neighbourhood, priority
from safer.opendata import services, statistics
from safer.opendata.suppression import suppress
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

# Distinctive things planted in the case system that must never reach a public answer.
NAME_FIRST, NAME_LAST = "Quetzalia", "Brightwaterfield"
DESCRIPTION = "Zebraquokka shouted at the bins outside number nine"
ADDRESS = "77 Xylophone Crescent, Banbury"
POSTCODE = "OX16 9QZ"
PLANTED = [NAME_FIRST, NAME_LAST, "Zebraquokka", "Xylophone", POSTCODE]


def _in_month(month: str) -> datetime:
    return timezone.make_aware(datetime(int(month[:4]), int(month[5:7]), 10, 12))


@pytest.fixture
def banbury():
    return neighbourhood()


@pytest.fixture
def planted(caseworker, banbury):
    """Last month: 3 noise reports (under 5) and 6 graffiti reports in Banbury, with names,
    descriptions, addresses and exact points; 2 with no point (elsewhere)."""
    month = statistics.report_months()[0]
    when = _in_month(month)
    lat, lng = banbury.centre_latitude + 0.0001713, banbury.centre_longitude - 0.0000917
    made = []
    for index in range(9):
        made.append(
            report(
                caseworker,
                type="noise" if index < 3 else "graffiti",
                category="nuisance",
                days_ago=0,
                reported_at=when,
                address=ADDRESS,
                postcode=POSTCODE,
                latitude=lat + index * 1e-6,
                longitude=lng,
                people=[PersonInput(role="victim", first_name=NAME_FIRST, last_name=NAME_LAST)],
            )
        )
    for report_made in made:
        report_made.description = DESCRIPTION
        report_made.save(update_fields=["description"])
    for _index in range(2):
        made.append(report(caseworker, type="noise", days_ago=0, reported_at=when, address=ADDRESS))
    return month, made, [f"{lat:.6f}", f"{abs(lng):.6f}"]


def test_small_counts_are_hidden_and_totals_are_ranges():
    table = suppress(
        row_keys=["a", "b"], column_keys=["x", "y"], counts=[[3, 6], [0, 10]], minimum=5
    )
    a_x, a_y = table.row("a")
    assert a_x.hidden and a_y.value == 6
    assert table.row("b")[0].value == 0  # a zero tells nobody about anyone
    # The row and column holding the 3, and the grand total, are ranges implied by the shown
    # figures: subtracting shown figures from them cannot give the hidden count.
    assert (table.row_total("a").low, table.row_total("a").high) == (7, 10)
    assert (table.column_totals[0].low, table.column_totals[0].high) == (1, 4)
    assert (table.total.low, table.total.high) == (17, 20)
    assert table.row_total("b").value == 10 and table.column_totals[1].value == 16


def test_no_total_backs_out_a_hidden_count():
    """Every exact total is the sum of shown figures only; every other total is the range
    the shown figures imply, the same whatever the hidden counts are."""
    one = suppress(row_keys=["a"], column_keys=["x", "y"], counts=[[1, 9]], minimum=5)
    other = suppress(row_keys=["a"], column_keys=["x", "y"], counts=[[4, 9]], minimum=5)
    assert one == other


def test_report_table_counts_by_neighbourhood_and_type(planted, banbury):
    month, _made, _points = planted
    table = statistics.report_table(month)
    row = dict(zip(table.column_keys, table.row(banbury.slug), strict=True))
    assert row["noise"].hidden
    assert row["graffiti"].value == 6
    elsewhere = dict(zip(table.column_keys, table.row(statistics.ELSEWHERE), strict=True))
    assert elsewhere["noise"].hidden  # the two with no point


def _public_answers(client, store_month, banbury, month) -> list[str]:
    urls = [
        reverse("opendata:crime_map"),
        reverse("opendata:crime_map") + f"?month={store_month}&type=anti-social-behaviour",
        reverse("opendata:crime_statistics"),
        reverse("opendata:crime_statistics") + f"?area={banbury.slug}&reports_month={month}",
        reverse("opendata:crime_statistics") + f"?reports_month={month}",
        reverse("opendata:news"),
        reverse("opendata:screen"),
        reverse("opendata:screen_json"),
        reverse("opendata:screen_neighbourhood", args=[banbury.slug]),
        reverse("opendata:screen_neighbourhood_json", args=[banbury.slug]),
        reverse("public:home"),
    ]
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(response.content.decode())
    return texts


def test_no_case_detail_name_or_location_reaches_any_public_page(client, store, planted, banbury):
    month, made, points = planted
    store_month = statistics.crime_months()[0]
    texts = _public_answers(client, store_month, banbury, month)
    references = [r.reference for r in made]
    for text in texts:
        for secret in PLANTED + references + points:
            assert secret not in text
    reports = texts[4].split('id="reports-table"')[1].split("</table>")[0]
    assert "fewer than 5" in reports
    assert "7 to 10" in reports  # Banbury's total: 6 shown plus a hidden 1 to 4
    cells = reports.replace(" ", "").replace("\n", "")
    assert ">3<" not in cells and ">2<" not in cells


def test_screen_json_has_messages_priorities_and_figures(
    client, store, council, caseworker, banbury
):
    coordinator = member(Role.COORDINATOR, council, username="co")
    today = timezone.localdate()
    message = services.safety_message_create(
        created_by=caseworker, text="Lock your bike <b>twice</b>", starts_on=today, ends_on=today
    )
    services.safety_message_create(
        created_by=caseworker, text="Not yet approved", starts_on=today, ends_on=today
    )
    services.safety_message_approve(message=message, approved_by=coordinator)
    old = services.safety_message_create(
        created_by=caseworker,
        text="Over already",
        starts_on=today - timedelta(days=9),
        ends_on=today - timedelta(days=1),
    )
    services.safety_message_approve(message=old, approved_by=coordinator)
    priority(banbury, issue="Cycle theft at the station")
    data = client.get(reverse("opendata:screen_neighbourhood_json", args=[banbury.slug])).json()
    assert data["place"] == banbury.name
    assert [m["text"] for m in data["messages"]] == ["Lock your bike <b>twice</b>"]
    assert data["messages"][0]["from"] == message.organisation.name
    assert [p["issue"] for p in data["priorities"]] == ["Cycle theft at the station"]
    month = statistics.crime_months()[0]
    assert data["crimes"]["crimes"] == statistics.crime_month(month).place_total(banbury.slug)
    assert data["refresh_seconds"] > 0
    assert (
        client.get(reverse("opendata:screen_neighbourhood_json", args=["nowhere"])).status_code
        == 404
    )


def test_crime_map_counts_match_the_store(client, store, banbury):
    month = statistics.crime_months()[0]
    figures = statistics.crime_month(month)
    response = client.get(reverse("opendata:crime_map") + f"?month={month}")
    data = response.context["map_data"]
    assert sum(p[2] for p in data["points"]) == figures.place_total(statistics.DISTRICT)
    assert [n["name"] for n in data["neighbourhoods"]] == [banbury.name]
    assert {p["name"] for p in data["places"]} >= {"Banbury", "Bicester", "Kidlington"}
    assert response.context["rows"][0]["crimes"] == figures.place_total(banbury.slug)
    assert 0 < figures.place_total(banbury.slug) < figures.place_total(statistics.DISTRICT)


def test_crime_map_type_filter(client, store):
    month = statistics.crime_months()[0]
    figures = statistics.crime_month(month)
    response = client.get(reverse("opendata:crime_map") + f"?month={month}&type=burglary")
    assert response.context["district_crimes"] == figures.place_total("district", "burglary")
    assert sum(p[2] for p in response.context["map_data"]["points"]) == figures.place_total(
        "district", "burglary"
    )


def test_pages_are_in_the_visitors_language(client, store):
    client.cookies["safer_language"] = "pl"
    response = client.get(reverse("opendata:crime_map"))
    assert response.status_code == 200
    assert 'lang="pl"' in response.content.decode()


def test_screen_gives_the_neighbourhoods_report_count_as_a_range(client, planted, banbury):
    data = client.get(reverse("opendata:screen_neighbourhood_json", args=[banbury.slug])).json()
    assert data["reports"]["count"] == {"from": 7, "to": 10}
    district = client.get(reverse("opendata:screen_json")).json()
    # Banbury's 6 shown, its hidden noise count and the hidden count elsewhere: 8 to 14.
    assert district["reports"]["count"] == {"from": 8, "to": 14}


def test_unpublished_neighbourhood_is_on_no_public_page(client, store, banbury):
    hidden = neighbourhood("hidden-place", "Hidden Place", is_published=False)
    assert (
        client.get(reverse("opendata:screen_neighbourhood", args=[hidden.slug])).status_code == 404
    )
    for url in (reverse("opendata:crime_map"), reverse("opendata:crime_statistics")):
        assert "Hidden Place" not in client.get(url).content.decode()
    assert (
        client.get(reverse("opendata:crime_statistics") + "?area=hidden-place").context["place"].key
        == statistics.DISTRICT
    )


def test_unknown_filters_fall_back_to_the_defaults(client, store):
    response = client.get(reverse("opendata:crime_map") + "?month=1999-99&type=<script>")
    assert response.status_code == 200
    assert response.context["month"] == statistics.crime_months()[0]
    assert response.context["category"] == ""
    assert "&lt;script&gt;" not in response.content.decode()  # not echoed anywhere


def test_map_in_polish(client, store):
    client.cookies["safer_language"] = "pl"
    page = client.get(reverse("opendata:crime_map")).content.decode()
    assert "Mapa przestępczości" in page and "Legenda" in page


def test_statistics_by_month_and_type_match_the_store(client, store, banbury):
    months = statistics.crime_months()
    oldest = months[-1]
    response = client.get(
        reverse("opendata:crime_statistics") + f"?area={banbury.slug}&month={oldest}"
    )
    assert response.context["place"].key == banbury.slug
    figures = statistics.crime_month(oldest)
    assert response.context["by_type_total"] == figures.place_total(banbury.slug)
    burglary = dict(response.context["by_type"])[statistics.CRIME_LABELS["burglary"]]
    assert burglary == figures.place_total(banbury.slug, "burglary")
    trend = {row["label"]: row["total"] for row in response.context["trend"]}
    assert len(trend) == min(len(months), 12)
    # the chart draws the same figures as the table, one bar a month, with a text alternative
    chart = response.context["trend_chart"]
    assert [bar.value for bar in chart.bars] == list(trend.values())
    body = response.content.decode()
    assert 'role="img"' in body and "the table gives the figures" in body


def _queries(client, url, django_assert_max_num_queries, ceiling):
    with django_assert_max_num_queries(ceiling):
        assert client.get(url).status_code == 200


def test_public_pages_ask_the_database_a_bounded_number_of_questions(
    client, store, planted, banbury, caseworker, django_assert_max_num_queries
):
    """The number of queries does not grow with reports, messages or news items (each report
    type is one query whatever the number of reports)."""
    neighbourhood("kidlington", "Kidlington", lsoas=["E01028487"])
    today = timezone.localdate()
    for number in range(8):
        message = services.safety_message_create(
            created_by=caseworker, text=f"Message {number}", starts_on=today, ends_on=today
        )
        message.status = message.Status.APPROVED
        message.save()
    for url, ceiling in (
        # Two queries per report type (points, and the count without one), plus a few.
        (reverse("opendata:crime_map"), 30),
        (reverse("opendata:crime_statistics"), 36),
        (reverse("opendata:screen_json"), 30),
        (reverse("opendata:screen_neighbourhood_json", args=[banbury.slug]), 32),
        (reverse("opendata:news"), 2),
    ):
        _queries(client, url, django_assert_max_num_queries, ceiling)
