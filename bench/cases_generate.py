"""Generate the case-management benchmark data set on PostgreSQL (default 100,000 cases, 1,000,000
reports, 200,000 people).

    createdb -h 127.0.0.1 -U postgres safer_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/safer_bench
    DEBUG=1 .venv/bin/python manage.py migrate
    DEBUG=1 .venv/bin/python bench/cases_generate.py [--cases 100000 --reports 1000000]

Everything is obviously fictional: three organisations marked "(bench)", invented surnames built
from syllables, phone numbers from Ofcom's drama range, e-mail addresses at example.org. Reports
spread over the last two years with a skew of repeat callers, repeat locations and repeat alleged
perpetrators; location keys come from the service's own location_key(). Rows go in with COPY,
then the tables are analysed. The database must hold no reports yet: drop and recreate it (or
use a new one) to generate again.
"""

import argparse
import bisect
import itertools
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

BENCH_USERNAME = "bench-caseworker"
COUNCIL = "Example District Council (bench)"
POLICE = "Example Constabulary (bench)"
HOUSING = "Example Homes Housing Association (bench)"
# Share of reports (and people) each organisation records.
ORGANISATIONS = [
    (COUNCIL, "EDC", "district_council", 0.6, 40),
    (POLICE, "ECB", "police", 0.3, 25),
    (HOUSING, "EHH", "social_landlord", 0.1, 10),
]
# fmt: off
SYLLABLES_A = [
    "Ash", "Bram", "Corr", "Dun", "Elm", "Fen", "Gar", "Hal", "Ingle", "Kes", "Lang", "Mar", "Nor",
    "Ock", "Pen", "Quen", "Rad", "Sel", "Thorn", "Ulv", "Vel", "Wick", "Yar", "Zell", "Bex",
    "Cran", "Dray", "Eld", "Frome", "Gilde",
]
SYLLABLES_B = [
    "vale", "wick", "brook", "ridge", "ford", "ley", "stow", "combe", "thorpe", "mere", "well",
    "by", "ton", "den", "shaw",
]
FIRST_NAMES = [
    "Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Charlie", "Jamie", "Morgan", "Taylor", "Jordan",
    "Casey", "Riley", "Avery", "Quinn", "Rowan", "Sasha", "Drew", "Jesse", "Kai", "Lee", "Max",
    "Nico", "Remy", "Sky", "Toni", "Ellis", "Frankie", "Harley", "Jude",
]
STREET_KINDS = [
    "Road", "Street", "Lane", "Close", "Avenue", "Crescent", "Way", "Drive", "Gardens", "Court",
]
# fmt: on
DISTRICTS = ["OX15", "OX16", "OX17", "OX25", "OX26", "OX27", "OX5"]
TYPES = [
    ("noise", "nuisance", 0.25),
    ("neighbour_dispute", "personal", 0.15),
    ("rowdy_behaviour", "nuisance", 0.15),
    ("drugs", "nuisance", 0.08),
    ("vehicle_nuisance", "nuisance", 0.07),
    ("intimidation", "personal", 0.08),
    ("hate_motivated", "personal", 0.02),
    ("littering", "environmental", 0.07),
    ("waste_accumulation", "environmental", 0.04),
    ("graffiti", "environmental", 0.03),
    ("animal_nuisance", "nuisance", 0.04),
    ("other", "nuisance", 0.02),
]
VIA = [("phone", 0.45), ("email", 0.15), ("web", 0.25), ("in_person", 0.05)]
VIA += [("partner_referral", 0.10)]
DAYS = 730


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, help="default: a fifth of the reports")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    people = args.people or max(args.reports // 5, 100)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(
            "bench/cases_generate.py needs PostgreSQL (it loads rows with COPY): set "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/safer_bench"
        )
    Generator(random.Random(args.seed), people=people, reports=args.reports, cases=args.cases).run()


def zipf_weights(n: int, *, offset: float, exponent: float, uniform: float) -> list[float]:
    """Cumulative weights: a long flat tail with a head of heavy repeaters."""
    total_skew = sum((i + offset) ** -exponent for i in range(n))
    weights = [
        uniform / n + (1 - uniform) * (i + offset) ** -exponent / total_skew for i in range(n)
    ]
    return list(itertools.accumulate(weights))


class Generator:
    def __init__(self, rng: random.Random, *, people: int, reports: int, cases: int):
        self.rng = rng
        self.n_people, self.n_reports, self.n_cases = people, reports, cases
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.started = time.perf_counter()

    def log(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:7.1f}s] {message}", flush=True)

    def run(self) -> None:
        from django.db import connection, transaction

        from safer.cases.models import Report

        if Report.objects.exists():
            sys.exit("This database already holds reports: drop and recreate it first.")
        with transaction.atomic():
            self.organisations_and_users()
            with connection.cursor() as cursor:
                self.cursor = cursor.cursor  # the psycopg cursor, for COPY
                self.people()
                self.locations()
                self.reports()
                self.cases()
                self.assessments()
                self.sharing()
                self.counters()
        # Rows went in by COPY, past the services that keep each case's search words.
        from safer.cases.services.search import search_rebuild

        reports, cases = search_rebuild()
        self.log(f"search words for {reports:,} reports and {cases:,} cases")
        # As autovacuum would on a live database: statistics, and the visibility map that lets
        # index-only scans skip the table.
        self.log("vacuuming and analysing")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        self.log(
            "done: "
            + ", ".join(f"{count:,} {name}" for name, count in self.counts().items())
            + f" in {time.perf_counter() - self.started:.0f}s"
        )

    # --- organisations, users ------------------------------------------------------------------

    def organisations_and_users(self) -> None:
        from safer.accounts.models import User
        from safer.cases.services import questionnaire_current
        from safer.partners.models import Membership, Organisation

        self.orgs, self.officers = [], {}
        for name, short, kind, _, staff in ORGANISATIONS:
            org, _ = Organisation.objects.get_or_create(
                name=name, defaults={"short_name": short, "kind": kind}
            )
            self.orgs.append(org.pk)
            role = "caseworker" if kind == "district_council" else "partner_officer"
            self.officers[org.pk] = []
            for number in range(1, staff + 1):
                username = f"bench-{short.lower()}-{number:03d}"
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": "Officer", "last_name": f"{short} {number}"},
                )
                if created:
                    user.set_unusable_password()
                    user.save()
                    Membership.objects.create(user=user, organisation=org, role=role)
                self.officers[org.pk].append(user.pk)
        user, created = User.objects.get_or_create(
            username=BENCH_USERNAME, defaults={"first_name": "Bench", "last_name": "Caseworker"}
        )
        if created:
            user.set_unusable_password()
            user.save()
            Membership.objects.create(user=user, organisation_id=self.orgs[0], role="caseworker")
        self.officers[self.orgs[0]].append(user.pk)
        self.org_cum = list(itertools.accumulate(share for *_, share, _ in ORGANISATIONS))
        self.questionnaire = questionnaire_current().pk
        self.log(f"{len(self.orgs)} organisations, {sum(map(len, self.officers.values()))} users")

    def pick_org(self) -> int:
        return self.orgs[bisect.bisect(self.org_cum, self.rng.random() * self.org_cum[-1])]

    # --- people --------------------------------------------------------------------------------

    def people(self) -> None:
        from safer.people.matching import name_key

        rng = self.rng
        surnames = [a + b for a in SYLLABLES_A for b in SYLLABLES_B]
        surname_cum = zipf_weights(len(surnames), offset=5, exponent=1.0, uniform=0.5)
        self.person_org = [0] * (self.n_people + 1)
        self.person_dob: dict[int, date] = {}
        vulnerable = set()
        with self.cursor.copy(
            "COPY people_person (id, created_at, updated_at, first_name, last_name, "
            "date_of_birth, phone, email, address, postcode, vulnerability_notes, "
            "organisation_id, name_key, description) FROM STDIN"
        ) as copy:
            for pk in range(1, self.n_people + 1):
                org = self.pick_org()
                self.person_org[pk] = org
                first = rng.choice(FIRST_NAMES)
                last = surnames[bisect.bisect(surname_cum, rng.random() * surname_cum[-1])]
                dob = None
                if rng.random() < 0.7:
                    dob = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 68))
                    self.person_dob[pk] = dob
                notes = ""
                if rng.random() < 0.03:
                    notes = "Bench: fictional vulnerability note"
                    vulnerable.add(pk)
                phone = f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.6 else ""
                email = f"person{pk}@example.org" if rng.random() < 0.3 else ""
                district = rng.choice(DISTRICTS)
                postcode = f"{district} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNP')}X"
                address = (
                    f"{rng.randrange(1, 200)} {rng.choice(surnames)} {rng.choice(STREET_KINDS)}"
                )
                copy.write_row(
                    (
                        pk,
                        self.now,
                        self.now,
                        first,
                        last,
                        dob,
                        phone,
                        email,
                        address,
                        postcode,
                        notes,
                        org,
                        name_key(first, last),
                        "",
                    )
                )
        self.log(f"{self.n_people:,} people")

    # --- locations, reports, involvements ------------------------------------------------------

    def locations(self) -> None:
        from safer.cases.services.reports import location_key

        rng = self.rng
        streets = [
            f"{a}{b} {kind}" for a in SYLLABLES_A for b in SYLLABLES_B[:6] for kind in STREET_KINDS
        ]
        n = max(self.n_reports // 7, 50)
        self.places = []
        for index in range(n):
            street = streets[index % len(streets)]
            number = index // len(streets) + 1
            postcode = f"{rng.choice(DISTRICTS)} {rng.randrange(1, 10)}"
            postcode += f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            address = f"{number} {street}"
            uprn = f"{100090000000 + index}" if rng.random() < 0.5 else ""
            key = location_key(uprn=uprn, address=address, postcode=postcode)
            lat = 52.06 + rng.uniform(-0.12, 0.12)
            lon = -1.34 + rng.uniform(-0.2, 0.2)
            self.places.append((address, postcode, uprn, key, lat, lon))
        rng.shuffle(self.places)
        self.place_cum = zipf_weights(n, offset=30, exponent=1.1, uniform=0.7)
        self.log(f"{n:,} places")

    def reports(self) -> None:
        rng = self.rng
        n = self.n_reports
        caller_cum = zipf_weights(self.n_people, offset=40, exponent=1.1, uniform=0.75)
        perp_order = list(range(1, self.n_people + 1))
        rng.shuffle(perp_order)
        perp_cum = zipf_weights(self.n_people, offset=20, exponent=1.1, uniform=0.6)
        type_cum = list(itertools.accumulate(w for *_, w in TYPES))
        via_cum = list(itertools.accumulate(w for _, w in VIA))
        start = self.now - timedelta(days=DAYS)
        times = sorted(start + timedelta(seconds=rng.randrange(DAYS * 86400)) for _ in range(n))
        places = rng.choices(range(len(self.places)), cum_weights=self.place_cum, k=n)
        callers = rng.choices(range(1, self.n_people + 1), cum_weights=caller_cum, k=n)
        perps = rng.choices(perp_order, cum_weights=perp_cum, k=n)
        self.report_org = [0] * (n + 1)
        self.report_time = [start] * (n + 1)
        self.report_place = [0] * (n + 1)
        self.report_type = [""] * (n + 1)
        self.report_victim: dict[int, int] = {}
        sequence: dict[int, int] = {}
        involvements = 0
        recent = self.now - timedelta(days=14)
        with self.cursor.copy(
            "COPY cases_report (id, created_at, updated_at, version, reference, received_via, "
            "occurred_at, reported_at, category, type, description, address, postcode, uprn, "
            "latitude, longitude, location_key, risk, assessment_due, flags, organisation_id, "
            "recorded_by_id, updated_by_id, search_terms, language, affected, reporter_name, "
            "reporter_email, reporter_phone, reporter_consents_to_contact) FROM STDIN"
        ) as copy:
            for pk in range(1, n + 1):
                at = times[pk - 1]
                org = self.pick_org()
                year = at.year
                sequence[year] = sequence.get(year, 0) + 1
                kind, category, _ = TYPES[bisect.bisect(type_cum, rng.random() * type_cum[-1])]
                via = VIA[bisect.bisect(via_cum, rng.random() * via_cum[-1])][0]
                place = places[pk - 1]
                address, postcode, uprn, key, lat, lon = self.places[place]
                officer = rng.choice(self.officers[org])
                assessed = at < recent or rng.random() < 0.5
                risk = (
                    rng.choices(["standard", "medium", "high"], [70, 22, 8])[0] if assessed else ""
                )
                due = at.date() + timedelta(days=1 if at.weekday() < 4 else 7 - at.weekday())
                copy.write_row(
                    (
                        pk,
                        at,
                        at,
                        1,
                        f"ASB-{year}-{sequence[year]:06d}",
                        via,
                        at - timedelta(minutes=rng.randrange(4320)),
                        at,
                        category,
                        kind,
                        f"Bench report {pk}: fictional {kind.replace('_', ' ')}.",
                        address,
                        postcode,
                        uprn,
                        lat,
                        lon,
                        key,
                        risk,
                        due,
                        "[]",
                        org,
                        officer,
                        officer,
                        "",  # filled in by search_rebuild() at the end
                        # What only the public web form records: staff-typed reports leave it
                        # blank (the columns have no database default).
                        "",
                        "",
                        "",
                        "",
                        "",
                        False,
                    )
                )
                self.report_org[pk], self.report_time[pk] = org, at
                self.report_place[pk], self.report_type[pk] = place, kind
        self.sequences = {("ASB", year): last for year, last in sequence.items()}
        self.log(f"{n:,} reports")
        with self.cursor.copy(
            "COPY cases_reportperson (report_id, person_id, role, reported_at) FROM STDIN"
        ) as copy:
            for pk in range(1, n + 1):
                at = self.report_time[pk]
                caller = callers[pk - 1]
                roll = rng.random()
                if roll < 0.55:
                    copy.write_row((pk, caller, "reporter", at))
                    involvements += 1
                if roll >= 0.35:
                    copy.write_row((pk, caller, "victim", at))
                    self.report_victim[pk] = caller
                    involvements += 1
                if rng.random() < 0.4 and perps[pk - 1] != caller:
                    copy.write_row((pk, perps[pk - 1], "alleged_perpetrator", at))
                    involvements += 1
                if rng.random() < 0.08:
                    witness = rng.randrange(1, self.n_people + 1)
                    if witness not in (caller, perps[pk - 1]):
                        copy.write_row((pk, witness, "witness", at))
                        involvements += 1
        self.log(f"{involvements:,} involvements")

    # --- cases ---------------------------------------------------------------------------------

    def cases(self) -> None:
        """Group reports of one place and organisation, close in time, into cases."""
        rng = self.rng
        by_place: dict[int, list[int]] = {}
        for pk in range(1, self.n_reports + 1):
            by_place.setdefault(self.report_place[pk], []).append(pk)
        groups = []
        for pks in by_place.values():
            current: list[int] = []
            for pk in pks:
                if current and (
                    len(current) >= 6
                    or self.report_org[pk] != self.report_org[current[0]]
                    or self.report_time[pk] - self.report_time[current[-1]] > timedelta(days=60)
                ):
                    groups.append(current)
                    current = []
                current.append(pk)
            groups.append(current)
        rng.shuffle(groups)
        groups = sorted(groups[: self.n_cases], key=lambda g: self.report_time[g[0]])
        if len(groups) < self.n_cases:
            self.log(f"only {len(groups):,} groups of reports: fewer cases than asked")
        self.case_first_report = []
        self.case_org = []
        attach = []
        sequence: dict[int, int] = {}
        today = self.now.date()
        with self.cursor.copy(
            "COPY cases_case (id, created_at, updated_at, version, reference, kind, title, "
            "status, risk, opened_at, next_review_due, closed_at, outcome, close_reason, "
            "lead_officer_id, organisation_id, updated_by_id, search_terms) FROM STDIN"
        ) as copy:
            for pk, group in enumerate(groups, 1):
                first = group[0]
                org = self.report_org[first]
                opened = self.report_time[first] + timedelta(hours=rng.randrange(1, 72))
                opened = min(opened, self.now)
                year = opened.year
                sequence[year] = sequence.get(year, 0) + 1
                age = (self.now - opened).days
                closed = rng.random() < min(0.9, age / 240)
                status = (
                    "closed"
                    if closed
                    else rng.choices(
                        ["open", "investigating", "action", "monitoring"], [40, 25, 20, 15]
                    )[0]
                )
                risk = rng.choices(["standard", "medium", "high"], [65, 25, 10])[0]
                review = None if closed else today + timedelta(days=rng.randrange(-20, 42))
                closed_at = opened + timedelta(days=rng.randrange(7, 200)) if closed else None
                closed_at = min(closed_at, self.now) if closed_at else None
                officer = rng.choice(self.officers[org])
                address = self.places[self.report_place[first]][0]
                kind = "nuisance" if self.report_type[first] == "noise" and pk % 3 == 0 else "asb"
                title = f"{self.report_type[first].replace('_', ' ').capitalize()} at {address}"
                copy.write_row(
                    (
                        pk,
                        opened,
                        opened,
                        1,
                        f"CASE-{year}-{sequence[year]:06d}",
                        kind,
                        title,
                        status,
                        risk,
                        opened,
                        review,
                        closed_at,
                        "resolved" if closed else "",
                        "Resolved (bench)" if closed else "",
                        officer,
                        org,
                        officer,
                        "",  # filled in by search_rebuild() at the end
                    )
                )
                self.case_first_report.append((pk, first, risk, opened))
                self.case_org.append(org)
                attach.extend((pk, report) for report in group)
        self.sequences.update({("CASE", year): last for year, last in sequence.items()})
        self.cursor.execute("CREATE TEMP TABLE bench_attach (case_id bigint, report_id bigint)")
        with self.cursor.copy("COPY bench_attach (case_id, report_id) FROM STDIN") as copy:
            for row in attach:
                copy.write_row(row)
        self.cursor.execute(
            "UPDATE cases_report r SET case_id = a.case_id FROM bench_attach a "
            "WHERE r.id = a.report_id"
        )
        self.cursor.execute(
            "UPDATE cases_reportperson i SET case_id = a.case_id FROM bench_attach a "
            "WHERE i.report_id = a.report_id"
        )
        self.cursor.execute("DROP TABLE bench_attach")
        self.log(f"{len(groups):,} cases with {len(attach):,} reports attached")

    def assessments(self) -> None:
        """A first-contact assessment on each case's first report, banded as the case is."""
        rng = self.rng
        count = 0
        with self.cursor.copy(
            "COPY cases_riskassessment (stage, answers, score, computed_band, band, "
            "band_reasons, override_reason, vulnerable, refer_to_victim_support, assessed_at, "
            "first_contact_due, next_review_due, assessed_by_id, report_id, victim_id, "
            "questionnaire_id) FROM STDIN"
        ) as copy:
            for _case_pk, report, band, opened in self.case_first_report:
                score = {"standard": rng.randrange(0, 10), "medium": rng.randrange(10, 20)}
                score = score.get(band, rng.randrange(20, 40))
                vulnerable = band == "high" and rng.random() < 0.5
                officer = rng.choice(self.officers[self.report_org[report]])
                copy.write_row(
                    (
                        "initial",
                        "{}",
                        score,
                        band,
                        band,
                        "[]",
                        "",
                        vulnerable,
                        vulnerable,
                        opened,
                        opened.date() + timedelta(days=1),
                        opened.date() + timedelta(days=28),
                        officer,
                        report,
                        self.report_victim.get(report),
                        self.questionnaire,
                    )
                )
                count += 1
        self.log(f"{count:,} risk assessments")

    def sharing(self) -> None:
        """Some cases, their reports and people shared with a partner organisation."""
        rng = self.rng
        council, police, housing = self.orgs
        partner = {council: police, police: council, housing: council}
        shared_cases = [
            (pk, partner[org]) for pk, org in enumerate(self.case_org, 1) if rng.random() < 0.1
        ]
        with self.cursor.copy(
            "COPY cases_case_shared_with (case_id, organisation_id) FROM STDIN"
        ) as copy:
            for row in shared_cases:
                copy.write_row(row)
        self.cursor.execute(
            "CREATE TEMP TABLE bench_share (case_id bigint, organisation_id bigint)"
        )
        with self.cursor.copy("COPY bench_share FROM STDIN") as copy:
            for row in shared_cases:
                copy.write_row(row)
        self.cursor.execute(
            "INSERT INTO cases_report_shared_with (report_id, organisation_id) "
            "SELECT r.id, s.organisation_id FROM cases_report r JOIN bench_share s "
            "ON r.case_id = s.case_id"
        )
        self.cursor.execute(
            "INSERT INTO people_person_shared_with (person_id, organisation_id) "
            "SELECT DISTINCT i.person_id, s.organisation_id FROM cases_reportperson i "
            "JOIN cases_report r ON r.id = i.report_id "
            "JOIN bench_share s ON r.case_id = s.case_id "
            "JOIN people_person p ON p.id = i.person_id "
            "WHERE p.organisation_id <> s.organisation_id"
        )
        self.cursor.execute("DROP TABLE bench_share")
        self.log(f"{len(shared_cases):,} cases shared, with their reports and people")

    def counters(self) -> None:
        """Sequences and reference counters carry on after the generated rows."""
        from safer.cases.models import ReferenceCounter

        for (prefix, year), last in self.sequences.items():
            ReferenceCounter.objects.update_or_create(
                prefix=prefix, year=year, defaults={"last": last}
            )
        for table in (
            "people_person",
            "cases_report",
            "cases_reportperson",
            "cases_case",
            "cases_riskassessment",
            "cases_case_shared_with",
            "cases_report_shared_with",
            "people_person_shared_with",
        ):
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )

    def counts(self) -> dict[str, int]:
        from django.db import connection

        tables = {
            "people": "people_person",
            "reports": "cases_report",
            "involvements": "cases_reportperson",
            "cases": "cases_case",
            "risk assessments": "cases_riskassessment",
            "case shares": "cases_case_shared_with",
        }
        counts = {}
        with connection.cursor() as cursor:
            for name, table in tables.items():
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[name] = cursor.fetchone()[0]
        return counts


if __name__ == "__main__":
    main()
