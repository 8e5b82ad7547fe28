"""A demo civic reporting app with a key, and three reports it sent, made through the real
services (the reporters are fictional). Creates nothing twice."""

from datetime import timedelta

from django.utils import timezone

from safer.open311.models import Open311Key
from safer.open311.services import Submission, key_create, request_receive

DEMO_APP = "Report It Demo (fictional app)"
# Fictional reporters at points in Banbury; an account, as a resident would type it.
REQUESTS = [
    (
        "noise",
        52.0612,
        -1.3321,
        "Loud music from a car parked on the green most nights after 11pm.",
        "Sam Specimen",
        "sam.specimen@example.com",
    ),
    (
        "littering",
        52.0655,
        -1.3389,
        "Bags of rubbish dumped behind the parade of shops again.",
        "",
        "",
    ),
    (
        "vehicle_nuisance",
        52.0580,
        -1.3452,
        "Off-road bikes racing on the footpath by the canal.",
        "Alex Example",
        "alex.example@example.com",
    ),
]


def seed_open311() -> tuple[int, str]:
    """The demo app's key and its reports: (reports made, the new key or "" if it existed)."""
    if Open311Key.objects.filter(app_name=DEMO_APP).exists():
        return 0, ""
    key, shown = key_create(app_name=DEMO_APP)
    now = timezone.now()
    for days, (code, lat, long, account, name, email) in enumerate(REQUESTS, start=1):
        request_receive(
            key=key,
            submission=Submission(
                service_code=code,
                description=account,
                address="",
                uprn="",
                postcode="",
                latitude=lat,
                longitude=long,
                occurred_at=now - timedelta(days=days),
                happening_now=False,
                affected="community",
                reporter_name=name,
                reporter_email=email,
                reporter_phone="",
                consents_to_contact=bool(email),
                language="en-gb",
                media_url="",
            ),
        )
    return len(REQUESTS), shown
