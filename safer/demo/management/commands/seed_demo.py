import base64
import os

from django.core.management.base import BaseCommand

from safer.casereviews.demo import seed_case_reviews
from safer.cohorts.demo import seed_cohorts
from safer.demo import seeding
from safer.hateincidents.demo import seed_hate_incidents
from safer.intel.demo import seed_intel
from safer.intel.mappings import seed_incident_log
from safer.neighbourhoods.demo import seed_neighbourhoods
from safer.open311.demo import seed_open311
from safer.opendata.demo import seed_opendata
from safer.referrals.demo import seed_referrals
from safer.schemes.demo import seed_schemes
from safer.tasking.demo import seed_tasking

DEFAULT_DEMO_PASSWORD = "safer-demo-password"


class Command(BaseCommand):
    help = "Load obviously fictional demo data; running it again creates nothing twice."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        organisations = seeding.seed_organisations()
        users = seeding.seed_users(organisations, password=password)
        people = seeding.seed_people(organisations)
        reports = seeding.seed_cases()
        crime = seed_intel()
        incidents = seed_incident_log()
        plans = seeding.seed_plans()
        referrals = seed_referrals()
        cohorts = seed_cohorts()
        meetings = seed_tasking()
        case_reviews = seed_case_reviews()
        hate_incidents = seed_hate_incidents()
        neighbourhoods = seed_neighbourhoods()
        schemes, scheme_logins = seed_schemes(password=password)
        open311_reports, open311_key = seed_open311()
        news_and_messages = seed_opendata()
        self.stdout.write(
            f"Demo data ready: {len(organisations)} organisations, {people} new people, "
            f"{reports} new reports, {plans} new action plans, "
            f"{referrals} new referrals, {cohorts} new cohorts, {meetings} new tasking meetings, "
            f"{case_reviews} new Community Trigger applications, "
            f"{hate_incidents} new hate incidents, "
            f"{neighbourhoods} new neighbourhoods, "
            f"{schemes} new business crime schemes, "
            f"{open311_reports} new reports from the demo Open311 app, "
            f"{news_and_messages} new news items and screen messages, "
            f"{crime.total('rows_stored')} police.uk crime rows stored "
            f"({crime.total('rows_duplicated')} already there), "
            f"{incidents.total('rows_stored')} council incident-log rows stored "
            "through a column mapping."
        )
        self.stdout.write(f"Demo log-ins (password: {password}):")
        for user, spec in zip(users, seeding.USERS, strict=True):
            line = f"  {user.username:<12} {spec.role:<16} {spec.organisation}"
            if spec.role in seeding.TWO_FACTOR_ROLES:
                key = bytes.fromhex(seeding.demo_totp_key(user.username))
                line += f"  (two-factor key {base64.b32encode(key).decode()})"
            self.stdout.write(line)
        for username, scheme in scheme_logins:
            self.stdout.write(f"  {username:<12} {'scheme member':<16} {scheme}")
        self.stdout.write(
            "Admin and coordinator need a code: add the key to an authenticator app, or run "
            "`./run manage demo_otp_code USERNAME`."
        )
        if open311_key:
            self.stdout.write(
                f"Open311 key of the demo app (shown once; docs/open311.md): {open311_key}"
            )
