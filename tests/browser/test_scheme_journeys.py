"""A Pubwatch in a real browser. The administrator (a council caseworker) approves a member
user, issues an exclusion with a photograph and downloads its letter, and sends an alert; the
member signs the agreement, reads the alert, looks up the excluded person and reports a theft
with a description; the administrator then ends the exclusion early on appeal, and the member
no longer sees the person."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from safer.accounts.models import User
from safer.intel.models import CustomArea
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role
from safer.people.models import Person
from safer.schemes import services
from safer.schemes.access import access_scheme
from safer.schemes.models import Approval, Exclusion, Incident, SchemeUser
from tests.browser.conftest import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def pubwatch(db, settings, tmp_path) -> int:
    settings.MEDIA_ROOT = tmp_path / "media"
    council = Organisation.objects.create(
        name="Test District Council", short_name="TDC", kind=Organisation.Kind.DISTRICT_COUNCIL
    )
    casey = User.objects.create_user(
        username="casey", password=PASSWORD, first_name="Casey", last_name="Worker"
    )
    Membership.objects.create(user=casey, organisation=council, role=Role.CASEWORKER)
    scheme = services.scheme_create(
        created_by=casey, name="Banbury Pubwatch", kind="pubwatch", organisation=council
    )
    access = access_scheme(casey, scheme.pk)
    services.agreement_publish(
        access=access, text="We share only to prevent crime.", published_by=casey
    )
    services.business_add(
        access=access,
        added_by=casey,
        name="The Red Lion",
        business_type="pub",
        address="1 High Street, Banbury",
        postcode="OX16 5AA",
    )
    business = scheme.businesses.get()
    place = services.scheme_user_add(business=business, username="barstaff", requested_by=None)
    place.user.set_password(PASSWORD)
    place.user.first_name, place.user.last_name = "Bea", "Barstaff"
    place.user.save()
    Person.objects.create(
        organisation=council,
        first_name="Fictional",
        last_name="Offender",
        date_of_birth=date(1990, 5, 1),
    )
    CustomArea.objects.create(
        name="Banbury town centre",
        kind="town centre",
        geometry={
            "type": "Polygon",
            "coordinates": [
                [
                    [-1.345, 52.055],
                    [-1.325, 52.055],
                    [-1.325, 52.068],
                    [-1.345, 52.068],
                    [-1.345, 52.055],
                ]
            ],
        },
    )
    return scheme.pk


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _png(tmp_path) -> str:
    path = tmp_path / "photo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (90, 90, 90)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_administrator_and_member_journeys(page: Page, live_server, pubwatch: int, tmp_path):
    url, scheme = live_server.url, pubwatch
    today = date.today()

    # The administrator approves the member user.
    _sign_in(page, url, "casey")
    page.goto(f"{url}/schemes/{scheme}/members/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Approve barstaff").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("barstaff: approved")
    assert SchemeUser.objects.get().status == Approval.APPROVED

    # ... issues an exclusion with a photograph, and downloads its letter.
    page.goto(f"{url}/schemes/{scheme}/exclusions/new")
    page.get_by_label("Find the person by name, postcode or phone").fill("Offender")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Fictional Offender").click()
    page.get_by_label("Starts on").fill(str(today))
    page.get_by_label("Ends on").fill(str(today + timedelta(days=90)))
    page.get_by_label("The Red Lion").check()
    page.get_by_label("Reason").fill("Assaulted door staff")
    page.get_by_label("How members will recognise them").fill("Tall, shaved head")
    page.get_by_label("Photograph (optional)").set_input_files(_png(tmp_path))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Issue exclusion").click()
    expect(page.locator("h1")).to_have_text("Fictional Offender")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the exclusion letter (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    exclusion_url = page.url

    # ... records a licensing review of the premises and, later, the committee's decision.
    premises = SchemeUser.objects.get().business_id
    page.goto(f"{url}/schemes/{scheme}/premises/{premises}")
    assert_no_axe_violations(page)
    page.get_by_label("Condition", exact=True).fill("One door supervisor on Saturdays")
    page.get_by_label("Imposed on").fill(str(today - timedelta(days=400)))
    page.get_by_role("button", name="Add condition").click()
    expect(page.locator("main")).to_contain_text("One door supervisor on Saturdays")
    page.get_by_label("Review applied for on").fill(str(today - timedelta(days=14)))
    page.get_by_label("Grounds").fill("Violence at closing time")
    page.get_by_role("button", name="Record a review").click()
    page.get_by_role("link", name="Record the decision").click()
    assert_no_axe_violations(page)
    page.get_by_label("Modify the conditions of the licence").check()
    page.get_by_label("Date of the decision").fill(str(today))
    page.get_by_label("Reasons").fill("Door staff needed at weekends")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("one per line")
    # modifying a condition: the old wording removed, the new added
    page.get_by_label("One door supervisor on Saturdays").check()
    page.get_by_label("Conditions added (optional)").fill("Two door supervisors")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("main")).to_contain_text("Decision recorded")
    expect(page.locator("main")).to_contain_text("Two door supervisors")
    removed = page.locator(".govuk-summary-list__row", has_text="Conditions removed")
    expect(removed).to_contain_text("One door supervisor on Saturdays")

    # ... and sends an alert.
    page.goto(f"{url}/schemes/{scheme}/alerts/new")
    # the Red Lion has no map point: the form says so, and names it
    expect(page.locator(".govuk-warning-text")).to_contain_text("1 approved premises has no map")
    page.get_by_text("Premises without a map point").click()
    expect(page.get_by_role("link", name="The Red Lion")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Heading").fill("Heading towards the high street")
    page.get_by_label("Message").fill("Man in a red coat, seen leaving the Red Lion")
    page.get_by_role("button", name="Send alert").click()
    expect(page.locator("main")).to_contain_text("Nobody had signed the agreement")
    page.get_by_role("button", name="Sign out").click()

    # The member signs the agreement before seeing anything.
    _sign_in(page, url, "barstaff")
    expect(page.locator("h1")).to_have_text("Business crime schemes")
    page.get_by_role("link", name="Banbury Pubwatch").click()
    expect(page.locator("h1")).to_have_text("Information-sharing agreement")
    assert_no_axe_violations(page)
    page.get_by_label("I have read the agreement and will keep to it").check()
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.locator("h1")).to_have_text("Banbury Pubwatch")

    # ... looks up the excluded person (the list is a view too: the profile says when it was).
    page.get_by_role("link", name="Excluded people").first.click()
    expect(page.get_by_role("img", name="Photograph of Fictional Offender")).to_be_visible()
    expect(page.locator("main")).to_contain_text("You have not viewed this before.")
    page.get_by_role("link", name="Fictional Offender").click()
    expect(page.locator("main")).to_contain_text("You last viewed this profile on")
    assert_no_axe_violations(page)

    # ... reports a theft with a description.
    page.goto(f"{url}/schemes/{scheme}/incidents/new")
    page.get_by_label("Theft (shoplifting)").check()
    page.get_by_label("When it happened").fill(f"{today - timedelta(days=1)}T21:30")
    page.get_by_label("Describe what happened").fill("Took two bottles of gin from behind the bar")
    page.get_by_label("Description of who was involved").fill("Man, 40s, grey hoodie")
    page.get_by_label("Value of goods taken, in pounds (for thefts)").fill("39.98")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("main")).to_contain_text("Took two bottles of gin")
    incident = Incident.objects.get()
    assert incident.kind == "theft" and incident.offender_description == "Man, 40s, grey hoodie"
    page.get_by_role("button", name="Sign out").click()

    # An alert sent once they have signed reaches them; opening it marks it read.
    casey = User.objects.get(username="casey")
    services.alert_send(
        access=access_scheme(casey, scheme),
        title="Shoplifter heading to Market Place",
        body="Grey hoodie",
        sent_by=casey,
    )
    _sign_in(page, url, "barstaff")
    page.goto(f"{url}/schemes/{scheme}/")
    page.get_by_role("link", name="Shoplifter heading to Market Place").click()
    expect(page.locator("main")).to_contain_text("Grey hoodie")
    page.get_by_role("button", name="Sign out").click()

    # The administrator records an appeal and upholds it: the exclusion ends today.
    _sign_in(page, url, "casey")
    page.goto(exclusion_url)
    page.get_by_label("Grounds of appeal").fill("It was my brother")
    page.get_by_role("button", name="Record appeal").click()
    page.get_by_label("Upheld: end the exclusion").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("Ended early")
    assert Exclusion.objects.get().ended_on == today
    page.get_by_role("button", name="Sign out").click()

    _sign_in(page, url, "barstaff")
    page.goto(f"{url}/schemes/{scheme}/excluded/")
    expect(page.locator("main")).to_contain_text("Nobody is excluded today.")
