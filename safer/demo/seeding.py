"""Obviously fictional demo data, created through the same services as real data.

Every function is idempotent: it looks for what it would create and creates only what is missing.
"""

import contextlib
import hashlib
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import User
from safer.partners.models import Membership, Organisation
from safer.partners.roles import TWO_FACTOR_ROLES, Role
from safer.partners.services import record_share
from safer.people.models import Person
from safer.people.services import person_create

DEMO_DEVICE_NAME = "Demo authenticator"

ORGANISATIONS = [
    ("Cherwell District Council", "CDC", Organisation.Kind.DISTRICT_COUNCIL),
    ("Oxfordshire County Council", "OCC", Organisation.Kind.COUNTY_COUNCIL),
    ("Thames Valley Police", "TVP", Organisation.Kind.POLICE),
    ("Thames Valley Police Authority", "TVPA", Organisation.Kind.POLICE_AUTHORITY),
    ("Oxfordshire Primary Care Trust", "PCT", Organisation.Kind.HEALTH),
    ("Oxfordshire Fire and Rescue Service", "OFRS", Organisation.Kind.FIRE_RESCUE),
    ("Oxfordshire Probation", "Probation", Organisation.Kind.PROBATION),
    ("Oxfordshire Youth Service", "OYS", Organisation.Kind.YOUTH_SERVICE),
    ("Example Vale Housing Association (demo)", "EVHA", Organisation.Kind.SOCIAL_LANDLORD),
    ("Example Victim Support (demo)", "EVS", Organisation.Kind.VOLUNTARY),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    job_title: str


USERS = [
    DemoUser("admin", "Ada", "Admin-Demo", Role.ADMIN, "CDC", "System administrator"),
    DemoUser(
        "coordinator", "Cora", "Coordinator-Demo", Role.COORDINATOR, "CDC", "ASB co-ordinator"
    ),
    DemoUser("caseworker", "Casey", "Caseworker-Demo", Role.CASEWORKER, "CDC", "ASB caseworker"),
    DemoUser("police", "Pat", "Police-Demo", Role.PARTNER_OFFICER, "TVP", "Neighbourhood officer"),
    DemoUser("housing", "Harper", "Housing-Demo", Role.PARTNER_OFFICER, "EVHA", "Tenancy officer"),
    DemoUser("analyst", "Ari", "Analyst-Demo", Role.ANALYST, "CDC", "Partnership analyst"),
    DemoUser("viewer", "Vic", "Viewer-Demo", Role.VIEWER, "OCC", "Safeguarding manager"),
]

FIRST_NAMES = ["Alex", "Sam", "Jordan", "Robin", "Charlie", "Jamie", "Morgan", "Taylor", "Riley"]
LAST_NAMES = ["Example", "Sample", "Specimen", "Placeholder", "Fictional", "Madeup", "Testcase"]
TOWNS = [("Banbury", "OX16"), ("Bicester", "OX26"), ("Kidlington", "OX5")]
STREETS = ["Imaginary Road", "Pretend Close", "Sample Street", "Nowhere Lane", "Demo Avenue"]


def demo_totp_key(username: str) -> str:
    """A stable, published TOTP key for a demo account (never used for real accounts)."""
    return hashlib.sha1(f"safer-communities-demo:{username}".encode()).hexdigest()  # noqa: S324


@transaction.atomic
def seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for name, short, kind in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind}
        )
        organisations[short] = organisation
    return organisations


@transaction.atomic
def seed_users(organisations: dict[str, Organisation], *, password: str) -> list[User]:
    users = []
    for spec in USERS:
        user, _ = User.objects.get_or_create(
            username=spec.username,
            defaults={"first_name": spec.first_name, "last_name": spec.last_name},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user,
            defaults={
                "organisation": organisations[spec.organisation],
                "role": spec.role,
                "job_title": spec.job_title,
                # Demo accounts are set up by the operator, like approve_access: no request waits.
                "approval": Membership.Approval.APPROVED,
                "requested_by": None,
                "requested_at": None,
            },
        )
        if spec.role in TWO_FACTOR_ROLES:
            TOTPDevice.objects.get_or_create(
                user=user,
                name=DEMO_DEVICE_NAME,
                defaults={"key": demo_totp_key(user.username), "confirmed": True},
            )
        users.append(user)
    return users


def seed_people(organisations: dict[str, Organisation], *, count: int = 40) -> int:
    """Fictional residents recorded by the council, some shared with the police."""
    caseworker = User.objects.get(username="caseworker")
    rng = random.Random(20110401)  # noqa: S311 - demo data, not security
    created = 0
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        town, district = rng.choice(TOWNS)
        dob = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 68))
        # Draw every random value before deciding to skip, so a rerun sees the same sequence.
        address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town}"
        postcode = f"{district} {rng.randint(1, 9)}ZZ"
        if Person.objects.filter(first_name=first, last_name=last, date_of_birth=dob).exists():
            continue
        person = person_create(
            created_by=caseworker,
            first_name=first,
            last_name=last,
            date_of_birth=dob,
            address=address,
            postcode=postcode,
            phone=f"07700 900{index:03d}",  # Ofcom's range reserved for drama
            vulnerability_notes="Lives alone; long-term illness." if index % 5 == 0 else "",
        )
        if index % 3 == 0:
            record_share(record=person, organisation=organisations["TVP"], shared_by=caseworker)
        created += 1
    return created


REPORT_SCENARIOS = [
    # (category, type, description)
    ("nuisance", "noise", "Loud music and shouting from the flat next door late at night."),
    (
        "personal",
        "intimidation",
        "Group of young people gathering outside the house and shouting at the resident.",
    ),
    ("personal", "neighbour_dispute", "Ongoing dispute over parking escalating to threats."),
    ("nuisance", "rowdy_behaviour", "Drinking and rowdy behaviour in the park after dark."),
    ("nuisance", "drugs", "Suspected drug dealing from a car parked in the close."),
    ("nuisance", "vehicle_nuisance", "Motorbikes ridden on the footpath and playing field."),
    ("personal", "hate_motivated", "Abuse shouted at the resident because of their religion."),
    ("environmental", "littering", "Fly-tipped mattresses and bags behind the shops."),
    (
        "environmental",
        "waste_accumulation",
        "Rubbish piling up in the front garden, attracting rats.",
    ),
    ("environmental", "graffiti", "Graffiti sprayed on the underpass and bus shelter."),
    ("nuisance", "animal_nuisance", "Dog barking for hours while the owner is out."),
]
DEMO_STREETS = {
    "Banbury": ("OX16", ["Imaginary Road", "Pretend Close", "Sample Street", "Example Walk"]),
    "Bicester": ("OX26", ["Nowhere Lane", "Demo Avenue", "Fiction Row"]),
    "Kidlington": ("OX5", ["Placeholder Way", "Specimen Court"]),
}
# Roughly the town centres; each fictional street gets a made-up point within 1.5 km of its town.
TOWN_CENTRES = {
    "Banbury": (52.0629, -1.3398),
    "Bicester": (51.8998, -1.1537),
    "Kidlington": (51.8232, -1.2898),
}
# Relative likelihood of ASB by local hour: quiet small hours, an evening peak.
HOUR_WEIGHTS = [3, 2, 1, 1, 1, 1, 1, 2, 3, 4, 4, 5, 5, 5, 6, 7, 9, 10, 11, 12, 12, 11, 8, 5]


def _demo_point(centre: tuple[float, float], east_m: float, north_m: float) -> tuple[float, float]:
    lat, lon = centre
    return (
        round(lat + north_m / 111_200, 6),
        round(lon + east_m / (111_200 * math.cos(math.radians(lat))), 6),
    )


def _demo_places(rng: random.Random) -> list[tuple[str, str, str, float, float]]:
    """(address, postcode, street, latitude, longitude) for four made-up houses on every demo
    street, placed within about 150 m of their street's made-up point."""
    where = random.Random(20101102)  # noqa: S311 - demo data, not security
    places = []
    for town, (district, streets) in DEMO_STREETS.items():
        for street in streets:
            east, north = where.uniform(-1500, 1500), where.uniform(-1500, 1500)
            for number in rng.sample(range(1, 90), 4):
                point = _demo_point(
                    TOWN_CENTRES[town],
                    east + where.uniform(-150, 150),
                    north + where.uniform(-150, 150),
                )
                places.append(
                    (
                        f"{number} {street}, {town}",
                        f"{district} {rng.randint(1, 9)}ZZ",
                        street,
                        *point,
                    )
                )
    return places


def _demo_when(clock: random.Random, now, days_ago: int):
    """When a demo incident happened (local time, evenings and weekend nights likelier) and when
    it was reported, a few hours to two days later and never in the future."""
    from django.utils import timezone

    day = timezone.localdate(now) - timedelta(days=days_ago)
    weights = (
        HOUR_WEIGHTS
        if day.weekday() < 4
        else [w + (4 if h < 3 or h > 20 else 0) for h, w in enumerate(HOUR_WEIGHTS)]
    )
    hour = clock.choices(range(24), weights=weights)[0]
    occurred = timezone.make_aware(
        datetime(day.year, day.month, day.day, hour, clock.randrange(60))
    )
    occurred = min(occurred, now - timedelta(hours=2))
    reported = min(occurred + timedelta(minutes=clock.randrange(30, 48 * 60)), now)
    return occurred, reported


def seed_cases(*, reports: int = 320) -> int:
    """A realistic, fictional caseload: two years of reports with repeats, risk and cases."""
    from datetime import timedelta

    from django.utils import timezone

    from safer.cases import services
    from safer.cases.models import Report
    from safer.places.demo import seed_addresses

    seed_addresses()  # the address finder's fictional gazetteer (updated by UPRN if loaded)
    caseworker = User.objects.get(username="caseworker")
    coordinator = User.objects.get(username="coordinator")
    police = User.objects.get(username="police")
    if Report.objects.filter(recorded_by__in=[caseworker, police]).exists():
        return 0
    rng = random.Random(20101101)  # noqa: S311 - demo data, not security
    now = timezone.now()
    residents = []
    places = _demo_places(rng)
    points = {address: (street, lat, lon) for address, _, street, lat, lon in places}
    clock = random.Random(20101103)  # noqa: S311 - times of day and near-repeat bursts
    for index in range(70):
        address, postcode, *_ = rng.choice(places)
        residents.append(
            {
                "first_name": rng.choice(FIRST_NAMES),
                "last_name": f"{rng.choice(LAST_NAMES)}{'' if index < 40 else '-Demo'}",
                "date_of_birth": date(1945, 1, 1) + timedelta(days=rng.randrange(0, 365 * 62)),
                "address": address,
                "postcode": postcode,
                "phone": f"07700 900{500 + index:03d}",
            }
        )
    youths = [
        {
            "first_name": rng.choice(FIRST_NAMES),
            "last_name": "Youngperson-Demo",
            "date_of_birth": (now - timedelta(days=365 * rng.randint(12, 17) + 40)).date(),
        }
        for _ in range(6)
    ]
    people_ids: dict[str, int] = {}
    created = []
    previous = None
    for index in range(reports):
        recorder = police if index % 5 == 0 else caseworker
        days_ago = rng.randrange(0, 730)
        # A few residents call again and again: the repeat callers the seed wants found.
        resident = residents[
            rng.choice([0, 1, 2, 3, 4]) if rng.random() < 0.3 else rng.randrange(len(residents))
        ]
        category, type_, description = rng.choice(REPORT_SCENARIOS)
        address, postcode = (
            (resident["address"], resident["postcode"])
            if rng.random() < 0.6
            else rng.choice(places)[:2]
        )
        # One report in five follows the last one within days on the same street: near repeats.
        if previous and clock.random() < 0.2:
            days_ago = max(0, previous[0] - clock.randrange(0, 6))
            address, postcode = clock.choice([p[:2] for p in places if p[2] == previous[1]])
        occurred_at, reported_at = _demo_when(clock, now, days_ago)
        street, latitude, longitude = points[address]
        previous = (days_ago, street)
        people = [_demo_person(people_ids, recorder, "victim", resident)]
        if category == "personal" or rng.random() < 0.3:
            accused = rng.choice(youths) if rng.random() < 0.3 else rng.choice(residents[40:])
            people.append(_demo_person(people_ids, recorder, "alleged_perpetrator", accused))
        report = _demo_report(
            recorder=recorder,
            received_via=rng.choice(
                ["phone", "phone", "email", "web", "in_person", "partner_referral"]
            ),
            scenario=(category, type_, description),
            place=(address, postcode, latitude, longitude),
            when=(occurred_at, reported_at),
            people=people,
            people_ids=people_ids,
        )
        # Most reports are assessed; some wait in the queue, a few of them past their deadline.
        if rng.random() < 0.9:
            services.risk_assessment_record(
                report=report,
                assessed_by=recorder,
                answers=_demo_answers(rng),
                assessed_on=min(
                    timezone.localdate(),
                    timezone.localtime(reported_at).date() + timedelta(days=rng.randint(0, 3)),
                ),
            )
        created.append(report)
    _demo_cases(created, caseworker, coordinator, police, rng)
    history = _demo_history(residents, people_ids, places, points, caseworker, police)
    return len(created) + history


# The committed police.uk months (2018-03 to 2019-02) and the incident log (2019 Q1): a slice of
# past reports in that span lets the hub's "case reports beside police data" pages overlap.
HISTORY_END = (2019, 3, 31)
HISTORY_DAYS = 396  # back to 1 March 2018


def _demo_history(residents, people_ids, places, points, caseworker, police, *, reports=130):
    """Reports of March 2018 to March 2019, every one assessed at the time and none in a case:
    past work that fills the analysis pages and leaves no queue behind."""
    from django.utils import timezone

    from safer.cases import services

    rng = random.Random(20180301)  # noqa: S311 - demo data, not security
    end = timezone.make_aware(datetime(*HISTORY_END, 23, 0))
    for index in range(reports):
        recorder = police if index % 5 == 0 else caseworker
        resident = rng.choice(residents)
        category, type_, description = rng.choice(REPORT_SCENARIOS)
        address, postcode = (
            (resident["address"], resident["postcode"])
            if rng.random() < 0.6
            else rng.choice(places)[:2]
        )
        occurred_at, reported_at = _demo_when(rng, end, rng.randrange(0, HISTORY_DAYS))
        _, latitude, longitude = points[address]
        report = _demo_report(
            recorder=recorder,
            received_via=rng.choice(["phone", "email", "web", "in_person"]),
            scenario=(category, type_, description),
            place=(address, postcode, latitude, longitude),
            when=(occurred_at, reported_at),
            people=[_demo_person(people_ids, recorder, "victim", resident)],
            people_ids=people_ids,
        )
        services.risk_assessment_record(
            report=report,
            assessed_by=recorder,
            answers=_demo_answers(rng),
            assessed_on=timezone.localtime(reported_at).date() + timedelta(days=rng.randint(0, 2)),
        )
    return reports


def _demo_report(*, recorder, received_via, scenario, place, when, people, people_ids):
    """Record a demo report; the people it creates are remembered, to be reused next time."""
    from safer.cases import services

    category, type_, description = scenario
    address, postcode, latitude, longitude = place
    occurred_at, reported_at = when
    report = services.report_create(
        recorded_by=recorder,
        received_via=received_via,
        occurred_at=occurred_at,
        reported_at=reported_at,
        category=category,
        type=type_,
        description=description,
        address=address,
        postcode=postcode,
        latitude=latitude,
        longitude=longitude,
        people=people,
    )
    for person_input in people:
        if person_input.person_id is None:
            involvement = report.involvements.get(role=person_input.role)
            people_ids[_person_key(recorder, vars(person_input))] = involvement.person_id
    return report


def _demo_answers(rng: random.Random) -> dict:
    """Answers to the current questionnaire: mostly calm, with a random few worrying ones."""
    from safer.cases.services import questionnaire_current

    answers = {}
    worrying = rng.randint(0, 10)
    questions = questionnaire_current().definition["questions"]
    for index, question in enumerate(rng.sample(questions, k=len(questions))):
        choices = sorted(question["choices"], key=lambda c: c["weight"])
        choice = choices[-1] if index < worrying else choices[0]
        if question.get("multiple"):
            answers[question["key"]] = [choice["value"]]
        else:
            answers[question["key"]] = choice["value"]
    return answers


def _person_key(recorder, spec: dict) -> str:
    """Demo people are recorded once per organisation and reused after that."""
    return f"{recorder.pk}:{spec['first_name']}:{spec['last_name']}:{spec.get('date_of_birth')}"


def _demo_person(people_ids: dict, recorder, role: str, spec: dict):
    from safer.cases.services import PersonInput

    key = _person_key(recorder, spec)
    if key in people_ids:
        return PersonInput(role=role, person_id=people_ids[key])
    return PersonInput(role=role, **spec)


def _demo_cases(reports, caseworker, coordinator, police, rng) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safer.cases import services
    from safer.cases.models import Case, Report

    organisations = {o.short_name: o for o in Organisation.objects.all()}
    council_reports = [r for r in reports if r.recorded_by_id == caseworker.pk]
    rng.shuffle(council_reports)
    opened = 0
    for report in council_reports:
        report.refresh_from_db()
        if report.case_id or opened >= 70:
            continue
        related = [
            r
            for r in Report.objects.filter(
                location_key=report.location_key,
                case__isnull=True,
                organisation=report.organisation,
            ).exclude(pk=report.pk)[:3]
        ]
        kind = (
            "nuisance"
            if report.type in ("noise", "waste_accumulation", "animal_nuisance")
            else "asb"
        )
        case = services.case_open(opened_by=caseworker, reports=[report, *related], kind=kind)
        opened += 1
        # Opened a few days after its first report (the service stamps now): the caseload's
        # cases spread over the two years as its reports do.
        opened_at = min(
            timezone.now(),
            min(r.reported_at for r in [report, *related]) + timedelta(days=rng.randint(1, 10)),
        )
        Case.objects.filter(pk=case.pk).update(opened_at=opened_at)
        case.refresh_from_db()
        if opened % 3 == 0:
            services.case_share(case=case, organisation=organisations["TVP"], shared_by=caseworker)
        if opened % 4 == 0:
            services.case_share(case=case, organisation=organisations["EVHA"], shared_by=caseworker)
        services.case_task_add(
            case=case,
            added_by=caseworker,
            description="Visit the victim and agree an action plan",
            owner=caseworker,
            due_on=timezone.localdate() + timedelta(days=rng.randint(-10, 20)),
        )
        services.case_note_add(
            case=case, author=caseworker, text="Spoke to the victim by phone; diary sheets sent."
        )
        if rng.random() < 0.8:  # most open cases were reviewed with the victim lately
            services.risk_assessment_record(
                report=report,
                assessed_by=caseworker,
                answers=_demo_answers(rng),
                stage="review",
                assessed_on=max(
                    timezone.localtime(case.opened_at).date(),
                    timezone.localdate() - timedelta(days=rng.randint(0, 20)),
                ),
            )
            case.refresh_from_db()
        status = rng.choice(["investigating", "action", "monitoring", "open"])
        services.case_update(
            case=case, changed_by=caseworker, expected_version=case.version, status=status
        )
        accused = (
            case.reports.first()
            .involvements.filter(role="alleged_perpetrator")
            .select_related("person")
            .first()
        )
        if accused and opened % 2 == 0:
            person = accused.person
            age = person.age_on(timezone.localdate())
            kind_ = (
                "acceptable_behaviour_contract"
                if age is not None and age < 18
                else rng.choice(
                    [
                        "warning_letter",
                        "community_protection_warning",
                        "acceptable_behaviour_contract",
                    ]
                )
            )
            issued = timezone.localdate() - timedelta(days=rng.randint(5, 150))
            with contextlib.suppress(ValidationError):  # a rule refusal: no intervention
                services.intervention_record(
                    case=case,
                    person=person,
                    kind=kind_,
                    recorded_by=caseworker,
                    issued_on=issued,
                    expires_on=issued + timedelta(days=180),
                    conditions="Not to contact the victim or enter their street.",
                )
        _demo_partner_work(case, opened, caseworker, organisations, rng)
        if opened % 7 == 0 and case.organisation_id == caseworker.membership.organisation_id:
            services.case_close(
                case=case,
                closed_by=caseworker,
                outcome="resolved",
                reason="No further reports for 3 months after the intervention.",
            )


def _demo_partner_work(case, opened: int, caseworker, organisations, rng) -> None:
    """The police and the housing association work on the cases shared with them: a task each,
    and the lead of a few cases (as partners take the lead where the problem is theirs)."""
    from django.utils import timezone

    from safer.cases import services

    partners = {
        "TVP": User.objects.get(username="police"),
        "EVHA": User.objects.get(username="housing"),
    }
    shared = set(case.shared_with.values_list("short_name", flat=True))
    for short, officer in partners.items():
        if short not in shared:
            continue
        services.case_task_add(
            case=case,
            added_by=caseworker,
            description="Police patrols at the times reported"
            if short == "TVP"
            else "Tenancy visit and warning about the tenancy conditions",
            owner=officer,
            due_on=timezone.localdate() + timedelta(days=rng.randint(-5, 25)),
        )
    if opened % 9 == 0:  # the co-ordinator leads a few high-profile cases
        coordinator = User.objects.get(username="coordinator")
        services.case_update(
            case=case,
            changed_by=caseworker,
            expected_version=case.version,
            lead_officer=coordinator,
        )
        services.case_task_add(
            case=case,
            added_by=caseworker,
            description="Take the case to the multi-agency problem-solving meeting",
            owner=coordinator,
            due_on=timezone.localdate() + timedelta(days=rng.randint(1, 14)),
        )
        case.refresh_from_db()
    lead = {6: "TVP", 8: "EVHA"}.get(opened % 10)
    if lead and lead in shared:
        services.case_lead_handover(
            case=case, organisation=organisations[lead], handed_over_by=caseworker
        )
        case.refresh_from_db()
        services.case_update(
            case=case,
            changed_by=partners[lead],
            expected_version=case.version,
            lead_officer=partners[lead],
        )


DEMO_NARRATIVE_YEAR = "2010-11"
DEMO_NARRATIVES = {
    "context": "When the Government came to power it scrapped the previous top down performance "
    "management structure. New crime and anti-social behaviour strategies are on their way, with "
    "less onerous performance reporting and an emphasis on localism and locally set targets. The "
    "partnership has agreed this interim rolling plan instead of a new comprehensive strategy.",
    "priorities": "Priorities for 2011/12 are anti-social behaviour, crime, young people, domestic "
    "violence and reducing alcohol related assault. Fear of crime and communications run through "
    "all of these themes.",
    "place": "In 2011-12 the partnership will continue Operation Juggernaut and the NightSafe "
    "scheme, review CCTV, roll out the Safe and Confident Communities project, and publicise "
    "crime statistics and success stories.",
    "victim": "In 2011-12 the partnership will implement the MANTRA hate crime reporting system, "
    "roll out the victim-led risk assessment approach to partner agencies and work to reduce the "
    "need for repeat calls to the ASB and nuisance services.",
    "offender": "In 2011-12 the partnership will implement a partnership web-based case "
    "management system for anti-social behaviour and continue to support JATAC and the Deter "
    "Young Offenders project.",
}


def seed_plans() -> int:
    """Seed 003's action plans from the committed file, seed 000's partnership indicators and
    some progress; returns how many plans were new. Running it again changes nothing."""
    from safer.plans.defaults import partnership_indicators_ensure, seed_003_import
    from safer.plans.models import Task, TaskUpdate
    from safer.plans.services import narrative_save, task_update_record

    report = seed_003_import()
    if not report.ok:
        raise ValidationError(report.errors)
    partnership_indicators_ensure()
    coordinator = User.objects.filter(username="coordinator").first()
    if coordinator is None or TaskUpdate.objects.exists():
        return len(report.created)
    rng = random.Random(3)  # noqa: S311 - demo data only
    for task in list(Task.objects.order_by("plan__order", "order"))[::3]:
        rag = rng.choice(["green", "green", "amber", "red"])
        task_update_record(
            task=task,
            rag=rag,
            complete=rag == "green" and rng.random() < 0.4,
            commentary="Demo update: discussed at the partnership's tasking group.",
            updated_by=coordinator,
        )
    for section, text in DEMO_NARRATIVES.items():
        narrative_save(year=DEMO_NARRATIVE_YEAR, section=section, text=text, updated_by=coordinator)
    _demo_figures(coordinator, rng)
    _demo_funding(coordinator)
    return len(report.created)


def _demo_funding(coordinator) -> None:
    """A grant of the current financial year, split between two plans' projects, with spend
    and a quarter's outputs, so the funding pages show money at work."""
    from decimal import Decimal

    from django.utils import timezone

    from safer.plans.models import ActionPlan
    from safer.plans.periods import period_last_complete
    from safer.plans.services import allocation_create, grant_create, output_record, spend_record

    today = timezone.localdate()
    start = today.year if today.month >= 4 else today.year - 1
    grant = grant_create(
        created_by=coordinator,
        name="Community safety fund (demo)",
        funder="Office of the Police and Crime Commissioner (demo)",
        year=f"{start}-{str(start + 1)[2:]}",
        amount=Decimal("60000"),
    )
    plans = list(ActionPlan.objects.order_by("order", "pk")[:2])
    projects = [
        ("Bicester town centre CCTV upgrade", "CDC", Decimal("35000"), "Cameras replaced", 4),
        ("Diversionary youth activities", "OYS", Decimal("20000"), "Young people attending", 85),
    ]
    organisations = {o.short_name: o for o in Organisation.objects.all()}
    for (project, lead, amount, output, quantity), plan in zip(projects, plans, strict=False):
        allocation = allocation_create(
            grant=grant,
            allocated_by=coordinator,
            project=project,
            plan=plan,
            lead_organisation=organisations[lead],
            amount=amount,
        )
        spend_record(
            allocation=allocation,
            entered_by=coordinator,
            spent_on=today - timedelta(days=30),
            amount=amount * Decimal("0.4"),
            description="First instalment (demo)",
        )
        output_record(
            allocation=allocation,
            entered_by=coordinator,
            period=period_last_complete(),
            description=output,
            quantity=Decimal(quantity),
        )


def _demo_figures(coordinator, rng: random.Random) -> None:
    """A year of entered figures for the partnership's manual indicators."""
    from decimal import Decimal

    from safer.plans.models import Indicator
    from safer.plans.periods import period_last_complete, period_span
    from safer.plans.services import indicator_settings_update, indicator_value_record

    orders = Indicator.objects.filter(name__startswith="Increase the number of confiscation")
    satisfaction = Indicator.objects.filter(name__startswith="Satisfaction with the way")
    for indicator in orders:
        indicator_settings_update(indicator=indicator, updated_by=coordinator, baseline=Decimal(8))
    quarters = period_span(period_last_complete(), 4)
    for period in quarters:
        for indicator in orders:
            indicator_value_record(
                indicator=indicator,
                period=period,
                value=Decimal(rng.randint(6, 10)),
                commentary="Demo figure from the police financial investigators.",
                entered_by=coordinator,
            )
        for indicator in satisfaction:
            indicator_value_record(
                indicator=indicator,
                period=period,
                value=Decimal(rng.randint(70, 90)),
                commentary="Demo figure from the real-time surveys.",
                entered_by=coordinator,
            )
