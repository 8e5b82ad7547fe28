"""Load: caseworkers and analysts working the service at once, through nginx, on two app servers.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/safer_bench   # bench/cases_generate.py
    .venv/bin/python bench/load.py [--users 50] [--duration 120] [--servers 2] [--workers 2]

Starts two gunicorn servers (production settings) behind Debian's nginx on loopback
(tests/ops/cluster.py), on the bench database with its 100,000 cases and 1,000,000 reports and a
crime store made from the committed police.uk sample; then runs locust headless (bench/
locustfile.py): 50 users, four caseworkers to every analyst, each reading a page for one to three
seconds before the next click: the caseload, case pages, search, intake (matching and saving),
and the hub's dashboard, map and hotspots. Every user also asks `GET /livez` now and then: the
floor, a Django view that does nothing, measured in the same run under the same load.

Reports throughput, p50/p95/p99 and errors per request and per group; the target is no errors
and each group's p95 at most 5x the floor's p95. Reports intake created are deleted afterwards.
"""

import argparse
import csv
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET_RATIO = 5.0
MARKER = "Load bench intake: fictional loud music late at night."
FLOOR = "GET /livez (floor)"
GROUPS = {
    "caseload": ["GET /cases/?risk=high&page=N"],
    "case page": ["GET /cases/<reference>/"],
    "search": ["GET /cases/?q=<term>"],
    "intake": ["GET /reports/new", "POST /reports/new (matching, saving)"],
    "hub": ["GET /intel/ (hub)", "GET /intel/map", "GET /intel/hotspots"],
}
PERCENTILES = {"p50": "50%", "p95": "95%", "p99": "99%"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "load-bench-only-secret-key-not-for-any-deployment-0123")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["INTEL_DATA_DIR"] = tempfile.mkdtemp(prefix="safer-load-intel-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/load.py runs on PostgreSQL: set DATABASE_URL to the bench database")
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="safer-load-"))
    plan = prepare(rng, work, args.users)
    max_report = plan.pop("max_report")
    from tests.ops.cluster import Cluster, database_url

    env = {
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "INTEL_DATA_DIR": os.environ["INTEL_DATA_DIR"],
        "PEOPLE_MATCH_LIMIT": "1000000",  # 40 intakes a minute by each bench caseworker
    }
    started = time.perf_counter()
    try:
        with Cluster(
            database_url(connection.settings_dict),
            servers=args.servers,
            workers=args.workers,
            env=env,
        ) as cluster:
            stats = run_locust(cluster.url, work, plan, args)
    finally:
        clean_up(max_report)
    results = summarise(stats, args, time.perf_counter() - started)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


def prepare(rng: random.Random, work: Path, users: int) -> dict:
    """Sessions for the bench's caseworkers and an analyst, the crime store, what to ask for."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from safer.cases.models import Case, Report
    from safer.intel.services import crime_paths_import
    from safer.partners.models import Membership
    from safer.partners.roles import Role
    from safer.people.models import Person

    bench = get_user_model().objects.filter(username="bench-caseworker").first()
    if bench is None:
        sys.exit("No bench data: run bench/cases_generate.py on this database first")
    council = bench.membership.organisation
    caseworkers = list(
        get_user_model().objects.filter(
            membership__organisation=council,
            membership__role=Role.CASEWORKER,
            membership__approval=Membership.Approval.APPROVED,
            is_active=True,
        )[:10]
    )
    analyst = analyst_user(council)
    sample = sorted((REPO / "safer" / "intel" / "data" / "police-uk").glob("*.csv"))
    crime_paths_import(paths=sample, imported_by=analyst)
    visible = Case.objects.filter(organisation=council).exclude(status=Case.Status.CLOSED)
    high = visible.filter(risk="high").count()
    references = list(visible.order_by("?").values_list("reference", flat=True)[:500])
    surnames = list(
        Person.objects.filter(organisation=council)
        .exclude(last_name="")
        .order_by("?")
        .values_list("last_name", flat=True)[:40]
    )
    places = list(
        Report.objects.filter(organisation=council)
        .exclude(postcode="")
        .order_by("?")
        .values_list("address", "postcode")[:200]
    )
    terms = (
        surnames[:20]
        + [p for _, p in places[:10]]
        + rng.sample(references, min(10, len(references)))
    )
    plan = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "caseworker_sessions": [session_for(u) for u in caseworkers for _ in range(users)][:users],
        "analyst_sessions": [session_for(analyst) for _ in range(max(1, users // 5))],
        "caseload_pages": max(1, min(50, high // 25)),
        "cases": references,
        "terms": terms,
        "surnames": surnames[:5],
        "places": places,
        "marker": MARKER,
        "max_report": Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    }
    (work / "plan.json").write_text(json.dumps({k: v for k, v in plan.items()}, default=str))
    return plan


def analyst_user(council):
    """The bench's analyst (made once): the hub pages need the analytics capability."""
    from django.contrib.auth import get_user_model

    from safer.partners.models import Membership
    from safer.partners.roles import Role

    user, created = get_user_model().objects.get_or_create(
        username="bench-analyst", defaults={"first_name": "Bench", "last_name": "Analyst"}
    )
    if created:
        user.set_unusable_password()
        user.save()
        Membership.objects.create(
            user=user,
            organisation=council,
            role=Role.ANALYST,
            approval=Membership.Approval.APPROVED,
        )
    return user


def session_for(user) -> str:
    """A signed-in session for the user, as the sign-in page would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def run_locust(host: str, work: Path, plan: dict, args) -> list[dict]:
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan))
    prefix = work / "locust"
    command = [
        str(REPO / ".venv" / "bin" / "locust"),
        "-f",
        str(REPO / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(max(1, args.users // 10)),
        "--run-time",
        f"{args.duration}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, "SAFER_LOAD_PLAN": str(plan_file)}
    print(f"locust: {args.users} users for {args.duration}s against {host}", flush=True)
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        sys.exit(
            f"locust wrote no statistics:\n{finished.stdout[-3000:]}\n{finished.stderr[-3000:]}"
        )
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        rows = list(csv.DictReader(failures.open()))
        for row in rows[:10]:
            print(f"  failure: {row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
    return list(csv.DictReader(stats_file.open()))


def clean_up(max_report: int) -> None:
    """Delete what intake created, so the next run starts from the same data."""
    from safer.cases.models import Report

    Report.objects.filter(pk__gt=max_report, description=MARKER).delete()


def summarise(stats: list[dict], args, elapsed: float) -> dict:
    from django.db import connection

    from safer.cases.models import Case, Report

    by_name = {row["Name"]: row for row in stats}
    floor = by_name.get(FLOOR)
    if floor is None:
        sys.exit("the floor was never measured")
    floor_p95 = float(floor["95%"])
    lines = []
    results = {"floor_p95_ms": floor_p95, "endpoints": {}, "groups": {}}
    for row in stats:
        if row["Name"] == "Aggregated":
            continue
        results["endpoints"][row["Name"]] = endpoint(row)
    print()
    print(
        f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"PostgreSQL {connection.pg_version // 10000}; "
        f"{Case.objects.count():,} cases, {Report.objects.count():,} reports; "
        f"{args.servers} servers x {args.workers} workers behind nginx; {args.users} users for "
        f"{args.duration}s ({elapsed:.0f}s in all)"
    )
    lines.append(
        "| requests | n | req/s | errors | p50 ms | p95 ms | p99 ms | p95/floor | target | result |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    total_errors = 0
    floor_row = endpoint(floor)
    lines.append(row_line("floor: " + FLOOR, floor_row, floor_p95, None))
    all_pass = floor_row["errors"] == 0
    for group, names in GROUPS.items():
        rows = [by_name[n] for n in names if n in by_name]
        if not rows:
            continue
        merged = merge(rows)
        results["groups"][group] = merged
        ok = merged["errors"] == 0 and merged["p95"] <= TARGET_RATIO * floor_p95
        all_pass &= ok
        total_errors += merged["errors"]
        lines.append(row_line(group, merged, floor_p95, ok))
        for r in rows:
            lines.append(row_line(f"  {r['Name']}", endpoint(r), floor_p95, None))
    print("\n".join(lines))
    print(
        f"\n{'PASS' if all_pass else 'FAIL'}: no errors and every group's p95 <= "
        f"{TARGET_RATIO:g}x the floor's ({total_errors} errors)"
    )
    results["pass"] = all_pass
    return results


def endpoint(row: dict) -> dict:
    return {
        "n": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        **{key: float(row[column]) for key, column in PERCENTILES.items()},
    }


def merge(rows: list[dict]) -> dict:
    """A group's figures: counts summed; percentiles as the heaviest endpoint's (a bound, since
    locust's CSV keeps no raw timings to merge)."""
    figures = [endpoint(r) for r in rows]
    return {
        "n": sum(f["n"] for f in figures),
        "errors": sum(f["errors"] for f in figures),
        "rps": sum(f["rps"] for f in figures),
        **{key: max(f[key] for f in figures) for key in PERCENTILES},
    }


def row_line(name: str, f: dict, floor_p95: float, ok: bool | None) -> str:
    ratio = f["p95"] / floor_p95 if floor_p95 else float("inf")
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    target = "" if ok is None else f"<= {TARGET_RATIO:g}x"
    return (
        f"| {name} | {f['n']} | {f['rps']:.1f} | {f['errors']} | {f['p50']:.0f} | "
        f"{f['p95']:.0f} | {f['p99']:.0f} | {ratio:.1f}x | {target} | {verdict} |"
    )


if __name__ == "__main__":
    main()
