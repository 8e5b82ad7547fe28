"""Licensing review decisions (service, page, API), alerts to one of the partnership's areas,
and each scheme's own action plan measures."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.intel.models import CustomArea
from safer.partners.roles import Role
from safer.partners.tests.factories import member as partner_member
from safer.plans.measures import measure_choices, measure_read
from safer.plans.periods import period_of
from safer.schemes import licensing, selectors, services
from safer.schemes.access import access_scheme
from safer.schemes.models import AlertReceipt, LicenceCondition, LicensingReview
from safer.schemes.tests import factories as f
from safer.schemes.tests.test_measures import _report

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _review(admin, business, *, days_ago=30):
    return licensing.review_open(
        access=access_scheme(admin, business.scheme_id),
        business_id=business.pk,
        applied_on=TODAY() - timedelta(days=days_ago),
        grounds="Repeated violence at closing time",
        recorded_by=admin,
    )


_DEFAULT_OUTCOME = "Door staff to be employed from 21:00 on Fridays and Saturdays."


def _decide(admin, review, **changes):
    values = {
        "decided_on": TODAY(),
        "decision": LicensingReview.Decision.MODIFY_CONDITIONS,
        "outcome": _DEFAULT_OUTCOME,
        "conditions": ["Two door supervisors from 21:00 to close, Friday and Saturday"],
    }
    values.update(changes)
    return licensing.review_decide(
        access=access_scheme(admin, review.business.scheme_id),
        review=review,
        decided_by=admin,
        **values,
    )


# --- Licensing review decisions -------------------------------------------------------------


def test_a_decision_closes_the_review_adds_its_conditions_and_is_audited(admin_user, red_lion):
    review = _decide(admin_user, _review(admin_user, red_lion))
    review.refresh_from_db()
    assert review.status == LicensingReview.Status.DECIDED
    assert (review.decision, review.decided_on, review.decided_by) == (
        "modify_conditions",
        TODAY(),
        admin_user,
    )
    condition = LicenceCondition.objects.get(business=red_lion)
    assert (condition.review, condition.imposed_on) == (review, TODAY())
    event = AuditEvent.objects.get(action="scheme.review_decided")
    assert event.changes["decision"] == "modify_conditions"


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"decided_on": TODAY() - timedelta(days=31)}, "decided_on", "on or after"),
        ({"decided_on": TODAY() + timedelta(days=1)}, "decided_on", "today or in the past"),
        ({"decision": "banish"}, "decision", "Choose"),
        ({"outcome": "  "}, "outcome", "reasons"),
        ({"conditions": ["", " "]}, "conditions", "one per line"),
    ],
)
def test_a_bad_decision_says_what_is_wrong_and_stores_nothing(
    admin_user, red_lion, changes, field, words
):
    review = _review(admin_user, red_lion)
    with pytest.raises(ValidationError) as error:
        _decide(admin_user, review, **changes)
    assert words in " ".join(error.value.message_dict[field])
    review.refresh_from_db()
    assert review.status == LicensingReview.Status.OPEN and not review.decision
    assert not LicenceCondition.objects.exists()
    assert not AuditEvent.objects.filter(action="scheme.review_decided").exists()


def test_a_review_or_test_purchase_dated_in_the_future_is_refused(signed_in, admin_user, red_lion):
    url = reverse("schemes:premises", args=[red_lion.scheme_id, red_lion.pk])
    client = signed_in(admin_user)
    tomorrow = str(TODAY() + timedelta(days=1))
    review = client.post(
        url, {"form": "review", "review-applied_on": tomorrow, "review-grounds": "Noise"}
    )
    assert review.status_code == 400
    assert "applied for must be today or in the past" in review.content.decode()
    purchase = client.post(
        url,
        {
            "form": "purchase",
            "purchase-conducted_on": tomorrow,
            "purchase-product": "alcohol",
            "purchase-result": "sold",
        },
    )
    assert purchase.status_code == 400
    assert "test purchase must be today or in the past" in purchase.content.decode()
    assert not LicensingReview.objects.exists() and not red_lion.test_purchases.exists()


def test_a_review_is_decided_once(admin_user, red_lion):
    review = _decide(admin_user, _review(admin_user, red_lion))
    with pytest.raises(ValidationError, match="already been decided"):
        _decide(admin_user, review, decision="revoke", conditions=[])
    assert LicenceCondition.objects.count() == 1


def _condition(admin, business, text, *, days_ago=400):
    return licensing.condition_add(
        access=access_scheme(admin, business.scheme_id),
        business_id=business.pk,
        text=text,
        imposed_on=TODAY() - timedelta(days=days_ago),
        recorded_by=admin,
    )


def test_modifying_conditions_removes_the_old_wording_and_adds_the_new(admin_user, red_lion):
    old = _condition(admin_user, red_lion, "One door supervisor on Saturdays")
    kept = _condition(admin_user, red_lion, "CCTV kept for 31 days")
    review = _decide(
        admin_user,
        _review(admin_user, red_lion),
        conditions=["Two door supervisors on Fridays and Saturdays"],
        conditions_removed=[old.pk],
    )
    old.refresh_from_db()
    assert (old.removed_on, old.removed_by_review) == (TODAY(), review)
    current = selectors.conditions_current(red_lion)
    assert [c.text for c in current] == [
        "CCTV kept for 31 days",
        "Two door supervisors on Fridays and Saturdays",
    ]
    assert kept in current
    event = AuditEvent.objects.get(action="scheme.review_decided")
    assert event.changes["conditions_removed"] == [old.pk]
    # removing alone is a modification too
    other = _decide(
        admin_user,
        _review(admin_user, red_lion),
        conditions=[],
        conditions_removed=[kept.pk],
    )
    assert list(other.conditions_removed.all()) == [kept]


def test_only_conditions_on_this_licence_today_can_be_removed(admin_user, red_lion, pubwatch):
    elsewhere = f.business(admin_user, pubwatch, "The Far Arms")
    theirs = _condition(admin_user, elsewhere, "No glassware outside")
    gone = _condition(admin_user, red_lion, "Closed by 23:00")
    _decide(admin_user, _review(admin_user, red_lion), conditions_removed=[gone.pk])
    review = _review(admin_user, red_lion)
    for wrong in ([theirs.pk], [gone.pk], [999999]):
        with pytest.raises(ValidationError) as error:
            _decide(admin_user, review, conditions_removed=wrong)
        assert "Choose conditions on this premises licence" in " ".join(
            error.value.message_dict["conditions_removed"]
        )
    review.refresh_from_db()
    assert review.status == LicensingReview.Status.OPEN
    theirs.refresh_from_db()
    assert theirs.removed_on is None
    assert LicenceCondition.objects.filter(review=review).count() == 0


def test_the_review_page_refuses_a_second_decision_and_says_why(signed_in, admin_user, red_lion):
    review = _decide(admin_user, _review(admin_user, red_lion), decision="warning", conditions=[])
    url = reverse("schemes:review", args=[red_lion.scheme_id, red_lion.pk, review.pk])
    again = signed_in(admin_user).post(
        url, {"decision": "revoke", "decided_on": str(TODAY()), "outcome": "Revoked after all"}
    )
    assert again.status_code == 400
    assert "already been decided" in again.content.decode()
    review.refresh_from_db()
    assert (review.decision, review.outcome) == ("warning", _DEFAULT_OUTCOME)


def test_the_review_page_removes_and_adds_conditions(signed_in, admin_user, red_lion):
    old = _condition(admin_user, red_lion, "One door supervisor on Saturdays")
    review = _review(admin_user, red_lion)
    url = reverse("schemes:review", args=[red_lion.scheme_id, red_lion.pk, review.pk])
    client = signed_in(admin_user)
    page = client.get(url).content.decode()
    assert "Conditions removed from the licence" in page and "One door supervisor" in page
    done = client.post(
        url,
        {
            "decision": "modify_conditions",
            "decided_on": str(TODAY()),
            "outcome": "More door staff.",
            "conditions_removed": [old.pk],
            "conditions": "Two door supervisors on Saturdays",
        },
    )
    assert done.status_code == 302
    after = client.get(url).content.decode()
    assert "Conditions removed" in after and "One door supervisor on Saturdays" in after
    old.refresh_from_db()
    assert old.removed_on == TODAY()
    premises = client.get(reverse("schemes:premises", args=[red_lion.scheme_id, red_lion.pk]))
    assert f"removed {TODAY():%-d %b %Y} <a" in premises.content.decode()


def test_the_review_page_records_the_decision(signed_in, admin_user, red_lion, member):
    review = _review(admin_user, red_lion)
    url = reverse("schemes:review", args=[red_lion.scheme_id, red_lion.pk, review.pk])
    client = signed_in(admin_user)
    page = client.get(url)
    assert page.status_code == 200 and "Record the committee" in page.content.decode()
    refused = client.post(url, {"decision": "suspend", "decided_on": "", "outcome": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Enter the date" in body and "Enter the committee" in body
    done = client.post(
        url,
        {
            "decision": "suspend",
            "decided_on": str(TODAY()),
            "outcome": "Suspended for one month.",
            "conditions": "No entry after 23:00\n\nCCTV kept for 31 days",
        },
    )
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.get_decision_display().startswith("Suspend")
    assert [c.text for c in review.conditions.all()] == [
        "No entry after 23:00",
        "CCTV kept for 31 days",
    ]
    after = client.get(url).content.decode()
    assert "Record decision" not in after and "Suspended for one month." in after
    premises = client.get(reverse("schemes:premises", args=[red_lion.scheme_id, red_lion.pk]))
    assert "Suspend the licence" in premises.content.decode()


def test_members_and_other_staff_cannot_open_or_decide_a_review(
    client, admin_user, red_lion, member, police
):
    review = _review(admin_user, red_lion)
    url = reverse("schemes:review", args=[red_lion.scheme_id, red_lion.pk, review.pk])
    api = f"/api/v1/schemes/{red_lion.scheme_id}/licensing-reviews/{review.pk}/decision"
    body = {"decision": "revoke", "decided_on": str(TODAY()), "outcome": "Revoked"}
    # a member of the scheme, an officer of a force the scheme does not name, and an account
    # with neither a partner membership nor a scheme
    officer = partner_member(Role.CASEWORKER, police, username="other-officer")
    for user in (member, officer, f.staff_without_scheme()):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, {"decision": "revoke"}).status_code in (403, 404)
        assert client.post(api, body, content_type="application/json").status_code in (403, 404)
    review.refresh_from_db()
    assert review.status == LicensingReview.Status.OPEN


def test_the_api_lists_reviews_and_records_a_decision(client, admin_user, red_lion):
    review = _review(admin_user, red_lion)
    old = _condition(admin_user, red_lion, "Closed by 23:00")
    client.force_login(admin_user)
    scheme = red_lion.scheme_id
    listed = client.get(f"/api/v1/schemes/{scheme}/licensing-reviews").json()
    assert [(r["id"], r["status"]) for r in listed] == [(review.pk, "open")]
    url = f"/api/v1/schemes/{scheme}/licensing-reviews/{review.pk}/decision"
    bad = client.post(
        url,
        {"decision": "revoke", "decided_on": str(TODAY() + timedelta(days=2)), "outcome": "x"},
        content_type="application/json",
    )
    assert bad.status_code in (400, 422) and "today or in the past" in bad.content.decode()
    listed = client.get(f"/api/v1/schemes/{scheme}/licensing-reviews").json()
    assert listed[0]["licence_conditions"] == [
        {"id": old.pk, "text": "Closed by 23:00", "imposed_on": str(old.imposed_on)}
    ]
    done = client.post(
        url,
        {
            "decision": "revoke",
            "decided_on": str(TODAY()),
            "outcome": "Serious crime",
            "conditions_removed": [old.pk],
        },
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["decision"]) == ("decided", "revoke")
    assert done.json()["conditions_removed"] == ["Closed by 23:00"]
    assert done.json()["licence_conditions"] == []
    missing = client.post(
        f"/api/v1/schemes/{scheme}/licensing-reviews/999999/decision",
        {"decision": "revoke", "decided_on": str(TODAY()), "outcome": "x"},
        content_type="application/json",
    )
    assert missing.status_code == 404


# --- Alerts to one of the partnership's areas -----------------------------------------------

# A square around Banbury town centre (lon/lat)
TOWN_CENTRE = {
    "type": "Polygon",
    "coordinates": [
        [[-1.345, 52.055], [-1.325, 52.055], [-1.325, 52.068], [-1.345, 52.068], [-1.345, 52.055]]
    ],
}


@pytest.fixture
def town_centre():
    return CustomArea.objects.create(
        name="Banbury town centre", kind="town centre", geometry=TOWN_CENTRE
    )


def test_an_area_alert_reaches_only_members_whose_premises_lie_inside(
    admin_user, pubwatch, town_centre
):
    inside = f.business(admin_user, pubwatch, "The Inside Inn", latitude=52.061, longitude=-1.336)
    outside = f.business(admin_user, pubwatch, "The Far Arms", latitude=52.010, longitude=-1.300)
    nowhere = f.business(admin_user, pubwatch, "The Unmapped", postcode="OX16 1ZZ")
    near = f.member_user(admin_user, inside, "near")
    far = f.member_user(admin_user, outside, "far")
    lost = f.member_user(admin_user, nowhere, "lost")
    assert selectors.premises_in_area(pubwatch, town_centre) == {inside.pk}
    assert selectors.premises_without_location(pubwatch) == [nowhere]
    alert = services.alert_send(
        access=access_scheme(admin_user, pubwatch.pk),
        title="Subject heading to the Market Place",
        body="Tall man, red jacket",
        sent_by=admin_user,
        area_id=town_centre.pk,
    )
    receivers = set(AlertReceipt.objects.filter(alert=alert).values_list("user", flat=True))
    assert receivers == {near.pk}
    assert far.pk not in receivers and lost.pk not in receivers
    assert alert.area_name == "Banbury town centre"


def test_an_area_alert_refuses_an_unknown_area_or_a_postcode_as_well(
    admin_user, pubwatch, town_centre
):
    access = access_scheme(admin_user, pubwatch.pk)
    for extra, words in (
        ({"area_id": 999999}, "Choose one of the partnership's areas"),
        ({"area_id": town_centre.pk, "postcode_area": "OX16"}, "not both"),
    ):
        with pytest.raises(ValidationError, match=words):
            services.alert_send(access=access, title="T", body="B", sent_by=admin_user, **extra)
    assert not pubwatch.alerts.exists()


def test_an_alert_reports_every_problem_at_once(admin_user, pubwatch, town_centre):
    with pytest.raises(ValidationError) as error:
        services.alert_send(
            access=access_scheme(admin_user, pubwatch.pk),
            title=" ",
            body="",
            sent_by=admin_user,
            area_id=999999,
        )
    assert set(error.value.message_dict) == {"title", "body", "area_id"}
    assert not pubwatch.alerts.exists()


def test_an_alert_to_an_area_or_postcode_with_no_premises_is_refused_and_stores_nothing(
    admin_user, pubwatch, red_lion, member, town_centre
):
    """Better told now than believe the members were alerted: red_lion has no map point."""
    access = access_scheme(admin_user, pubwatch.pk)
    for extra, field, words in (
        ({"area_id": town_centre.pk}, "area_id", "None of the scheme's approved premises"),
        ({"postcode_area": "OX1"}, "postcode_area", "has a postcode in OX1"),
        ({"postcode_area": "16 OX"}, "postcode_area", "Enter a postcode area like OX"),
    ):
        with pytest.raises(ValidationError) as error:
            services.alert_send(access=access, title="T", body="B", sent_by=admin_user, **extra)
        assert words in " ".join(error.value.message_dict[field])
    assert not pubwatch.alerts.exists() and not AlertReceipt.objects.exists()


def test_a_postcode_alert_matches_whole_parts_of_the_postcode(admin_user, pubwatch, red_lion):
    """OX16 5AA (red_lion) is in OX, OX16 and OX16 5, but not in OX1 or OX16 6."""
    assert selectors.postcode_in_area("OX1 2AB", "OX1")
    assert selectors.postcode_in_area("ox12ab", "OX")  # written without the space
    assert not selectors.postcode_in_area("not a postcode", "OX")
    assert selectors.postcode_in_area("W1A 1AA", "W1A") and selectors.postcode_in_area(
        "W1A 1AA", "W"
    )
    for wanted, inside in (
        ("OX", True),
        ("ox16", True),
        ("OX16 5", True),
        ("OX1", False),
        ("OX16 6", False),
        ("O", False),
    ):
        found = selectors.premises_in_postcode_area(pubwatch, wanted.upper())
        assert (found == {red_lion.pk}) is inside, wanted


def test_the_api_sends_an_alert_to_an_area_and_says_where_it_went(
    client, admin_user, pubwatch, town_centre
):
    inside = f.business(admin_user, pubwatch, "The Inside Inn", latitude=52.061, longitude=-1.336)
    near = f.member_user(admin_user, inside, "near")
    client.force_login(admin_user)
    url = f"/api/v1/schemes/{pubwatch.pk}/alerts"
    sent = client.post(
        url,
        {"title": "Heading north", "body": "Red jacket", "area_id": town_centre.pk},
        content_type="application/json",
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["area_id"], body["area_name"], body["recipients"]) == (
        town_centre.pk,
        "Banbury town centre",
        1,
    )
    unknown = client.post(
        url, {"title": "T", "body": "B", "area_id": 999999}, content_type="application/json"
    )
    assert unknown.status_code == 422 and "partnership's areas" in unknown.content.decode()
    client.force_login(near)
    listed = client.get(url).json()
    assert [(a["title"], a["area_name"]) for a in listed] == [
        ("Heading north", "Banbury town centre")
    ]


def test_the_alert_form_offers_the_areas_and_warns_of_premises_without_a_map_point(
    signed_in, admin_user, pubwatch, red_lion, town_centre
):
    client = signed_in(admin_user)
    page = client.get(reverse("schemes:alert_new", args=[pubwatch.pk])).content.decode()
    assert "Banbury town centre (town centre)" in page
    assert "1 approved premises has no map point" in page
    assert reverse("schemes:premises", args=[pubwatch.pk, red_lion.pk]) in page  # named, linked
    assert '<optgroup label="Town centre">' in page
    form = {"title": "Fight outside", "body": "Police on the way", "area_id": town_centre.pk}
    refused = client.post(reverse("schemes:alert_new", args=[pubwatch.pk]), form)
    assert refused.status_code == 400  # nobody inside: told, not sent to no one
    assert "lies inside Banbury town centre" in refused.content.decode()
    f.business(admin_user, pubwatch, "The Inside Inn", latitude=52.061, longitude=-1.336)
    sent = client.post(reverse("schemes:alert_new", args=[pubwatch.pk]), form)
    assert sent.status_code == 302
    detail = client.get(sent["Location"]).content.decode()
    assert "Sent to premises inside Banbury town centre" in detail


# --- Each scheme's own plan measures --------------------------------------------------------


def test_an_indicator_bound_to_one_schemes_measure_reads_only_that_scheme(admin_user, council):
    from safer.plans.models import Indicator
    from safer.plans.selectors import indicator_reading

    banbury = f.scheme(admin_user)
    bicester = f.scheme(admin_user, name="Bicester Shopwatch", kind="shopwatch", area="E07000177")
    pub = f.business(admin_user, banbury)
    shop = f.business(admin_user, bicester, "Corner Shop", business_type="retail")
    barman = f.member_user(admin_user, pub, "barman")
    shopkeeper = f.member_user(admin_user, shop, "shopkeeper")
    _report(barman, banbury)
    _report(shopkeeper, bicester)
    _report(shopkeeper, bicester)
    period = period_of(TODAY())
    thefts = Indicator.objects.create(
        name="Shoplifting reported in the Bicester Shopwatch",
        source=Indicator.Source.CASES,
        measure_key=f"scheme_{bicester.pk}_thefts",
    )
    assert len(thefts.measure_key) <= Indicator._meta.get_field("measure_key").max_length
    reading = indicator_reading(thefts, period)
    assert (reading.value, reading.baseline) == (2, 0)
    assert measure_read(f"scheme_{banbury.pk}_incidents", period).value == 1
    assert measure_read("schemes_incidents", period).value == 3  # the combined one stays
    keys = dict(measure_choices())
    assert f"scheme_{bicester.pk}_area_shoplifting" in keys  # it names an area
    assert f"scheme_{banbury.pk}_area_shoplifting" not in keys
    assert keys[f"scheme_{bicester.pk}_thefts"] == "Bicester Shopwatch: thefts reported by members"
    assert keys[f"scheme_{banbury.pk}_breaches"].startswith("Banbury Pubwatch: breaches")


def test_a_scheme_no_longer_active_or_deleted_reads_as_no_data(signed_in, admin_user, council):
    from safer.plans.forms import IndicatorSettingsForm
    from safer.plans.models import Indicator
    from safer.plans.selectors import indicator_reading

    bicester = f.scheme(admin_user, name="Bicester Shopwatch", kind="shopwatch")
    shopkeeper = f.member_user(admin_user, f.business(admin_user, bicester, "Corner Shop"), "sk")
    _report(shopkeeper, bicester)
    key = f"scheme_{bicester.pk}_incidents"
    indicator = Indicator.objects.create(
        name="Incidents in the Bicester Shopwatch", source="cases", measure_key=key
    )
    period = period_of(TODAY())
    assert indicator_reading(indicator, period).value == 1
    bicester.is_active = False
    bicester.save()
    reading = indicator_reading(indicator, period)
    assert (reading.value, reading.rag) == (None, "grey")
    assert measure_read("schemes_incidents", period).value == 0
    assert key not in dict(measure_choices())  # not offered for new indicators
    kept = dict(IndicatorSettingsForm(instance=indicator).fields["measure_key"].choices)
    assert kept[key].startswith("Bicester Shopwatch (no longer active: no data): incidents")
    gone = "scheme_999999_incidents"
    assert measure_read(gone, period).value is None
    indicator.measure_key = gone
    kept = dict(IndicatorSettingsForm(instance=indicator).fields["measure_key"].choices)
    assert "no longer exists" in kept[gone]


def test_a_schemes_area_removed_from_the_hub_reads_as_no_data(admin_user, town_centre):
    bicester = f.scheme(admin_user, name="Bicester Shopwatch", area=str(town_centre.pk))
    key = f"scheme_{bicester.pk}_area_shoplifting"
    assert key in dict(measure_choices())
    town_centre.delete()
    assert measure_read(key, period_of(TODAY())).value is None
    assert measure_read("schemes_area_shoplifting", period_of(TODAY())).value is None


def test_the_indicator_form_offers_each_schemes_measures(pubwatch):
    from safer.plans.forms import IndicatorSettingsForm

    choices = dict(IndicatorSettingsForm().fields["measure_key"].choices)
    assert f"scheme_{pubwatch.pk}_breaches" in choices


# --- Changing a premises' details (its map point, for area alerts) --------------------------


def test_a_premises_gains_a_map_point_and_then_an_area_alert_reaches_it(
    signed_in, admin_user, red_lion, member, town_centre
):
    url = reverse("schemes:premises", args=[red_lion.scheme_id, red_lion.pk])
    client = signed_in(admin_user)
    details = {
        "form": "details",
        "details-name": "The Red Lion",
        "details-business_type": "pub",
        "details-address": "1 High Street, Banbury",
        "details-postcode": "ox16 5aa",
        "details-premises_licence_number": "",
        "details-latitude": "52.0615",
        "details-longitude": "-1.3365",
    }
    refused = client.post(url, {**details, "details-latitude": "95"})
    assert refused.status_code == 400
    red_lion.refresh_from_db()
    assert red_lion.latitude is None
    assert client.post(url, details).status_code == 302
    red_lion.refresh_from_db()
    assert (str(red_lion.latitude), red_lion.postcode) == ("52.061500", "OX16 5AA")
    event = AuditEvent.objects.get(action="scheme.business_changed")
    assert set(event.changes) == {"latitude", "longitude"}  # only what changed
    assert selectors.premises_in_area(red_lion.scheme, town_centre) == {red_lion.pk}
    client.post(url, details)  # nothing changed: nothing audited
    assert AuditEvent.objects.filter(action="scheme.business_changed").count() == 1


def test_a_member_cannot_change_premises_details(client, red_lion, member):
    client.force_login(member)
    url = reverse("schemes:premises", args=[red_lion.scheme_id, red_lion.pk])
    response = client.post(url, {"form": "details", "details-name": "Mine now"})
    assert response.status_code in (403, 404)
    red_lion.refresh_from_db()
    assert red_lion.name == "The Red Lion"


def test_premises_are_put_on_the_map_from_the_partnerships_address_list(
    signed_in, admin_user, pubwatch, town_centre
):
    from safer.places.models import GazetteerAddress

    for uprn, address, lat, lon in (
        ("990000000901", "1 High Street, Banbury", 52.0615, -1.3365),
        ("990000000903", "3 High Street, Banbury", 52.0617, -1.3360),
    ):
        GazetteerAddress.objects.create(
            uprn=uprn,
            address=address,
            postcode="OX16 5AA",
            easting=0,
            northing=0,
            latitude=lat,
            longitude=lon,
        )
    # added by an address on the list: on the map at once
    lion = f.business(admin_user, pubwatch, address="1 high street,  Banbury", postcode="ox16 5aa")
    assert (float(lion.latitude), float(lion.longitude)) == (52.0615, -1.3365)
    # typed otherwise: off the map until its address is chosen on its page
    swan = f.business(admin_user, pubwatch, "The Swan", address="3 High St", postcode="OX16 5AA")
    assert swan.latitude is None
    url = reverse("schemes:premises", args=[pubwatch.pk, swan.pk])
    client = signed_in(admin_user)
    page = client.get(url).content.decode()
    assert "Put the premises on the map from the address list" in page
    assert "3 High Street, Banbury" in page
    refused = client.post(url, {"form": "locate", "locate-uprn": "990000000999"})
    assert refused.status_code == 400 and "Choose the premises" in refused.content.decode()
    swan.refresh_from_db()
    assert swan.latitude is None
    assert client.post(url, {"form": "locate", "locate-uprn": "990000000903"}).status_code == 302
    swan.refresh_from_db()
    assert (float(swan.latitude), float(swan.longitude), swan.address) == (
        52.0617,
        -1.336,
        "3 High St",
    )
    changed = AuditEvent.objects.get(action="scheme.business_changed", target_id=str(swan.pk))
    assert set(changed.changes) == {"latitude", "longitude"}
    assert selectors.premises_in_area(pubwatch, town_centre) == {lion.pk, swan.pk}
