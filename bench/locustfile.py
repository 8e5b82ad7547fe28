"""The users of bench/load.py: caseworkers working the caseload, intake and case pages, and
analysts on the hub pages, with the liveness probe beside them as the floor.

bench/load.py starts locust on this file and hands it, in SAFER_LOAD_PLAN (a JSON file), the
session cookies it made and the references, search words and addresses to use. Requests are
named by what they are ("GET /cases/?risk=high"), not by their URL, so the statistics group them.
"""

import itertools
import json
import os
import random
import re
from datetime import datetime, timedelta

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["SAFER_LOAD_PLAN"]).read())  # noqa: SIM115 - read once
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SESSION_COOKIE = PLAN["session_cookie"]
_caseworker_sessions = itertools.cycle(PLAN["caseworker_sessions"])
_analyst_sessions = itertools.cycle(PLAN["analyst_sessions"])
_seeds = itertools.count(1)


class _Signed(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a person reading the page before the next click
    sessions = None

    def on_start(self):
        self.rng = random.Random(next(_seeds))
        self.client.cookies.set(SESSION_COOKIE, next(self.sessions))

    def get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {url}")
            return r

    @task(2)
    def floor(self):
        self.get("/livez", "GET /livez (floor)")


class Caseworker(_Signed):
    weight = 4
    sessions = _caseworker_sessions

    @task(4)
    def caseload(self):
        page = self.rng.randint(1, PLAN["caseload_pages"])
        self.get(f"/cases/?risk=high&page={page}", "GET /cases/?risk=high&page=N")

    @task(4)
    def case_page(self):
        self.get(f"/cases/{self.rng.choice(PLAN['cases'])}/", "GET /cases/<reference>/")

    @task(3)
    def search(self):
        self.get(f"/cases/?q={self.rng.choice(PLAN['terms'])}", "GET /cases/?q=<term>")

    @task(1)
    def intake(self):
        form = self.get("/reports/new", "GET /reports/new")
        found = CSRF.search(form.text or "")
        if not found:
            return
        address, postcode = self.rng.choice(PLAN["places"])
        occurred = datetime.now() - timedelta(hours=2)
        with self.client.post(
            "/reports/new",
            name="POST /reports/new (matching, saving)",
            data={
                "csrfmiddlewaretoken": found.group(1),
                "received_via": "phone",
                "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
                "category": "nuisance",
                "type": "noise",
                "description": PLAN["marker"],
                "address": address,
                "postcode": postcode,
                "reporter-first_name": self.rng.choice(["Alex", "Sam", "Jo", "Robin"]),
                "reporter-last_name": self.rng.choice(PLAN["surnames"]),
                "reporter-postcode": postcode,
                "reporter-also": "victim",
                "reporter-choice": "new",
                "people_count": "1",
            },
            headers={"Referer": self.host + "/reports/new"},
            catch_response=True,
            allow_redirects=False,
        ) as saved:
            if saved.status_code != 302:
                saved.failure(f"intake answered {saved.status_code}, not a redirect")


class Analyst(_Signed):
    weight = 1
    sessions = _analyst_sessions

    @task(3)
    def hub(self):
        self.get("/intel/", "GET /intel/ (hub)")

    @task(2)
    def crime_map(self):
        self.get("/intel/map", "GET /intel/map")

    @task(1)
    def hotspots(self):
        self.get("/intel/hotspots", "GET /intel/hotspots")
