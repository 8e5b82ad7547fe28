"""Measure case-management latency against the data of bench/cases_generate.py (issue 3).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/safer_bench
    .venv/bin/python bench/cases_latency.py [--requests 200] [--warmup 20] [--json out.json]

Runs in-process through Django's test Client with production settings (DEBUG off), signed in as
the council caseworker the generator created: the API with a personal bearer token, the pages
with a session. Each round sends one request to every endpoint in turn, so the floor
(`GET /api/v1/me`) is measured in the same run, under the same conditions, as the rest. Timings
are time.perf_counter() around each request, after a warm-up; p50 and p95 are nearest-rank.

Intake commits for real (the commit is part of its cost); the reports and people it created are
deleted afterwards so reruns stay comparable. The audit events it wrote stay: the audit log is
append-only by design, and a few hundred more rows do not change its cost.
"""

import argparse
import json
import math
import os
import platform
import random
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BENCH_USERNAME = "bench-caseworker"  # made by bench/cases_generate.py
FULL_SCALE_REPORTS = 1_000_000
TARGET_RATIO = 5.0


@dataclass
class Endpoint:
    name: str
    group: str  # floor, intake, caseload or search
    send: Callable[[int], object]
    expect: int
    timings: list[float] = field(default_factory=list)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per endpoint")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    # Production settings: DEBUG off (no query log), hardening on, so the test Client asks for
    # https and the host it uses must be allowed.
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-any-real-deployment")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    # Static URLs without a collectstatic manifest (no files are served here).
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Thousands of match checks by one user: lift the per-user limit (its counter still runs).
    os.environ["PEOPLE_MATCH_LIMIT"] = "1000000"
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no static root
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(
            "bench/cases_latency.py measures PostgreSQL only (the generator loads rows with COPY): "
            "set DATABASE_URL=postgres://postgres@127.0.0.1:5432/safer_bench"
        )
    Bench(random.Random(args.seed), requests=args.requests, warmup=args.warmup).run(args.json)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


class Bench:
    def __init__(self, rng: random.Random, *, requests: int, warmup: int):
        self.rng, self.requests, self.warmup = rng, requests, warmup

    def run(self, json_path: Path | None) -> None:
        from django.test import Client

        from safer.accounts.models import User
        from safer.accounts.services import api_token_create

        try:
            self.user = User.objects.select_related("membership__organisation").get(
                username=BENCH_USERNAME
            )
        except User.DoesNotExist:
            sys.exit("No bench user: run bench/cases_generate.py on this database first.")
        self.counts = self.table_counts()
        if self.counts["reports"] < FULL_SCALE_REPORTS:
            print(f"Note: {self.counts['reports']:,} reports, below full scale (smoke run).")
        token, secret = api_token_create(user=self.user, name="cases latency bench")
        self.api = Client(headers={"authorization": f"Bearer {secret}"})
        self.page = Client()
        self.page.force_login(self.user)
        self.prepare()
        endpoints = self.endpoints()
        started = time.perf_counter()
        try:
            for round_ in range(-self.warmup, self.requests):
                for endpoint in endpoints:
                    began = time.perf_counter()
                    response = endpoint.send(round_)
                    elapsed = time.perf_counter() - began
                    if response.status_code != endpoint.expect:
                        raise SystemExit(
                            f"{endpoint.name} answered {response.status_code}, expected "
                            f"{endpoint.expect}: {response.content[:500]!r}"
                        )
                    if round_ >= 0:
                        endpoint.timings.append(elapsed * 1000)
        finally:
            self.clean_up()
            token.delete()
        results = self.report(endpoints, time.perf_counter() - started)
        if json_path:
            json_path.write_text(json.dumps(results, indent=2) + "\n")

    # --- data the requests use -----------------------------------------------------------------

    def table_counts(self) -> dict[str, int]:
        from django.db import connection

        counts = {}
        with connection.cursor() as cursor:
            for name, table in [
                ("cases", "cases_case"),
                ("reports", "cases_report"),
                ("involvements", "cases_reportperson"),
                ("people", "people_person"),
            ]:
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[name] = cursor.fetchone()[0]
        return counts

    def prepare(self) -> None:
        """Pick search terms, hot places and heavy repeaters from the data, once."""
        from django.db.models import Count, Max

        from safer.cases import selectors
        from safer.cases.models import Report, ReportPerson
        from safer.partners.access import visible_to
        from safer.people.models import Person

        rng = self.rng
        year_ago = self.now() - timedelta(days=365)
        self.max_report = Report.objects.aggregate(m=Max("pk"))["m"] or 0
        self.max_person = Person.objects.aggregate(m=Max("pk"))["m"] or 0
        visible_people = visible_to(self.user, Person.objects.all()).values("pk")

        def heaviest(roles: list[str]) -> int:
            return (
                ReportPerson.objects.filter(
                    role__in=roles, reported_at__gte=year_ago, person_id__in=visible_people
                )
                .values("person_id")
                .annotate(n=Count("report_id"))
                .order_by("-n")
                .values_list("person_id", flat=True)
                .first()
            )

        self.caller = heaviest(["reporter", "victim"])
        self.perpetrator = heaviest(["alleged_perpetrator"])
        hot = (
            Report.objects.filter(reported_at__gte=year_ago)
            .values("address", "postcode")
            .annotate(n=Count("pk"))
            .order_by("-n")[:20]
        )
        self.places = [(row["address"], row["postcode"]) for row in hot]
        surnames = list(
            Person.objects.values("last_name")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("last_name", flat=True)
        )
        mine = selectors.case_list_visible_to(self.user, include_closed=True)
        case_refs = list(mine.order_by("?").values_list("reference", flat=True)[:10])
        report_refs = list(
            visible_to(self.user, Report.objects.all())
            .filter(pk__in=[rng.randrange(1, self.max_report + 1) for _ in range(200)])
            .values_list("reference", flat=True)[:10]
        )
        postcodes = list(
            Report.objects.filter(
                pk__in=[rng.randrange(1, self.max_report + 1) for _ in range(50)]
            ).values_list("postcode", flat=True)[:10]
        )
        # Surnames (the five commonest and five at random), full postcodes, and case and report
        # references: each kind is measured on its own, and all of them mixed on the page.
        self.terms = {
            "surname": [*surnames[:5], *rng.sample(surnames, min(5, len(surnames)))],
            "postcode": postcodes,
            "reference": [*case_refs, *report_refs],
        }
        self.search_terms = [term for terms in self.terms.values() for term in terms]
        rng.shuffle(self.search_terms)
        self.caseload_pages = self.pages(selectors.case_list_visible_to(self.user, risk="high"))
        self.api_pages = self.pages(
            selectors.case_list_visible_to(self.user, status="open", risk="high")
        )
        print(
            f"Repeat caller person {self.caller}, alleged perpetrator {self.perpetrator}; "
            f"{len(self.search_terms)} search terms; {self.caseload_pages} pages of high-risk "
            f"open cases ({self.api_pages} with status=open)"
        )

    @staticmethod
    def pages(queryset) -> int:
        return max(1, math.ceil(queryset.count() / 25))

    @staticmethod
    def now():
        from django.utils import timezone

        return timezone.now()

    # --- the requests --------------------------------------------------------------------------

    def endpoints(self) -> list[Endpoint]:
        from django.utils import timezone

        rng = self.rng

        def report(i: int, people: list[dict]) -> dict:
            address, postcode = self.places[i % len(self.places)]
            return {
                "received_via": "phone",
                "occurred_at": (self.now() - timedelta(hours=2)).isoformat(),
                "category": "nuisance",
                "type": "noise",
                "description": "Bench intake: fictional loud music late at night.",
                "location": {"address": address, "postcode": postcode},
                "people": people,
            }

        def intake_new_victim(i: int):
            victim = {
                "role": "victim",
                "first_name": rng.choice(["Alex", "Sam", "Jo", "Robin"]),
                "last_name": rng.choice(self.terms["surname"]),
                "phone": f"07700 900{rng.randrange(1000):03d}",
                "postcode": self.places[i % len(self.places)][1],
            }
            return self.api.post(
                "/api/v1/reports", report(i, [victim]), content_type="application/json", secure=True
            )

        def match_check(i: int):
            """The API's match check before intake: a common surname, so a full candidate pool."""
            candidate = {
                "first_name": rng.choice(["Alex", "Sam", "Jo", "Robin"]),
                "last_name": self.terms["surname"][i % 5],
                "postcode": self.places[i % len(self.places)][1],
            }
            return self.api.post(
                "/api/v1/people/matches", candidate, content_type="application/json", secure=True
            )

        def intake_repeat_caller(i: int):
            people = [
                {"role": "victim", "person_id": self.caller},
                {"role": "alleged_perpetrator", "person_id": self.perpetrator},
            ]
            return self.api.post(
                "/api/v1/reports", report(i, people), content_type="application/json", secure=True
            )

        def intake_page(i: int):
            """The intake form with a reporter (the victim) who looks like people already held:
            matching runs, the caller answers "record a new person", repeat checks run, the report
            is saved."""
            address, postcode = self.places[i % len(self.places)]
            occurred = timezone.localtime(self.now() - timedelta(hours=2))
            return self.page.post(
                "/reports/new",
                {
                    "received_via": "phone",
                    "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
                    "category": "nuisance",
                    "type": "noise",
                    "description": "Bench intake: fictional loud music late at night.",
                    "address": address,
                    "postcode": postcode,
                    # The reporter, who is also the victim (one person, two roles).
                    "reporter-first_name": rng.choice(["Alex", "Sam", "Jo", "Robin"]),
                    "reporter-last_name": self.terms["surname"][i % 5],  # a common surname
                    "reporter-postcode": postcode,
                    "reporter-also": "victim",
                    "reporter-choice": "new",
                    "people_count": "1",  # one further person's block, left blank
                },
                secure=True,
            )

        def caseload_api(i: int):
            offset = 25 * rng.randrange(self.api_pages)
            return self.api.get(
                f"/api/v1/cases?status=open&risk=high&limit=25&offset={offset}", secure=True
            )

        def caseload_page(i: int):
            page = rng.randrange(1, self.caseload_pages + 1)
            return self.page.get(f"/cases/?risk=high&page={page}", secure=True)

        def search_api(kind: str) -> Callable[[int], object]:
            def send(i: int):
                term = self.terms[kind][i % len(self.terms[kind])]
                return self.api.get("/api/v1/cases", {"q": term, "limit": 25}, secure=True)

            return send

        def search_page(i: int):
            term = self.search_terms[(i + 7) % len(self.search_terms)]
            return self.page.get("/cases/", {"q": term}, secure=True)

        return [
            Endpoint(
                "GET /api/v1/me (floor)",
                "floor",
                lambda i: self.api.get("/api/v1/me", secure=True),
                200,
            ),
            Endpoint("POST /api/v1/reports, new victim", "intake", intake_new_victim, 201),
            Endpoint("POST /api/v1/reports, repeat caller", "intake", intake_repeat_caller, 201),
            Endpoint("POST /api/v1/people/matches", "intake", match_check, 200),
            Endpoint("POST /reports/new (page, matching)", "intake", intake_page, 302),
            Endpoint("GET /api/v1/cases open high-risk", "caseload", caseload_api, 200),
            Endpoint("GET /cases/?risk=high&page=N", "caseload", caseload_page, 200),
            Endpoint("GET /api/v1/cases?q=<surname>", "search", search_api("surname"), 200),
            Endpoint("GET /api/v1/cases?q=<postcode>", "search", search_api("postcode"), 200),
            Endpoint("GET /api/v1/cases?q=<reference>", "search", search_api("reference"), 200),
            Endpoint("GET /cases/?q=<any of those>", "search", search_page, 200),
        ]

    def clean_up(self) -> None:
        """Delete what intake created, so the next run starts from the same data."""
        from safer.cases.models import Report
        from safer.people.models import Person

        Report.objects.filter(pk__gt=self.max_report).delete()
        Person.objects.filter(pk__gt=self.max_person).delete()

    # --- results -------------------------------------------------------------------------------

    def report(self, endpoints: list[Endpoint], elapsed: float) -> dict:
        from django.db import connection

        floor = endpoints[0]
        floor_p95 = percentile(floor.timings, 0.95)
        rows = []
        for endpoint in endpoints:
            p50, p95 = percentile(endpoint.timings, 0.5), percentile(endpoint.timings, 0.95)
            ratio = p95 / floor_p95
            target = None if endpoint.group == "floor" else TARGET_RATIO
            rows.append(
                {
                    "endpoint": endpoint.name,
                    "group": endpoint.group,
                    "n": len(endpoint.timings),
                    "p50_ms": round(p50, 1),
                    "p95_ms": round(p95, 1),
                    "ratio": round(ratio, 1),
                    "target": target,
                    "pass": None if target is None else ratio <= target,
                }
            )
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server = cursor.fetchone()[0]
        print()
        print(
            f"{os.cpu_count()} CPUs, {platform.python_implementation()} "
            f"{platform.python_version()}, PostgreSQL {server}; "
            + ", ".join(f"{n:,} {name}" for name, n in self.counts.items())
            + f"; {elapsed:.0f}s"
        )
        header = f"| {'endpoint':<38} | {'n':>4} | p50 ms | p95 ms | p95/floor | target | result |"
        print(header)
        print(f"|{'-' * 40}|{'-' * 6}|{'-' * 8}|{'-' * 8}|{'-' * 11}|{'-' * 8}|{'-' * 8}|")
        for row in rows:
            target = f"<= {row['target']:.0f}x" if row["target"] else "floor"
            result = "" if row["pass"] is None else ("PASS" if row["pass"] else "FAIL")
            print(
                f"| {row['endpoint']:<38} | {row['n']:>4} | {row['p50_ms']:>6.1f} | "
                f"{row['p95_ms']:>6.1f} | {row['ratio']:>8.1f}x | {target:>6} | {result:>6} |"
            )
        return {"counts": self.counts, "cpus": os.cpu_count(), "postgres": server, "rows": rows}


if __name__ == "__main__":
    main()
