"""Demo partnership news and community screen messages, made through the real services.
Creates nothing twice. No person is named: these are published."""

from datetime import timedelta

from django.utils import timezone

from safer.accounts.models import User
from safer.opendata import services
from safer.opendata.models import NewsItem, SafetyMessage

NEWS = [
    {
        "title": "Fly-tipping down by half on the canal path (demo)",
        "summary": "New cameras, a weekly clean-up and two fixed penalty notices have cut "
        "fly-tipping on the canal path in Banbury by half in six months.",
        "body": "Residents told the Neighbourhood Action Group that fly-tipping on the canal "
        "path was their top concern.\n\nThe council's environment team put up two cameras and "
        "volunteers from the canal trust now clear the path every Saturday. Reports of "
        "fly-tipping there fell from 24 in the spring to 11 in the autumn.\n\nThis is a demo "
        "story: the figures are made up.",
    },
    {
        "title": "Bike marking at Bicester station (demo)",
        "summary": "Police and the council marked 140 bikes at Bicester station in a week, and "
        "cycle thefts there have fallen since.",
        "body": "Officers from the neighbourhood team and the council's community wardens "
        "marked bikes at Bicester North station every morning for a week.\n\nMarked bikes are "
        "harder to sell and easier to return to their owners.\n\nThis is a demo story: the "
        "figures are made up.",
    },
]

MESSAGES = [
    ("police", "Lock your bike to a stand with a D-lock, even for five minutes."),
    ("housing", "Report noisy neighbours to your housing officer: we can help early."),
    ("coordinator", "Dark evenings: leave a light on when you go out and lock up sheds."),
]


def seed_opendata() -> int:
    """Two published news items and three approved safety messages; returns how many items
    were new."""
    coordinator = User.objects.get(username="coordinator")
    created = 0
    for story in NEWS:
        if NewsItem.objects.filter(title=story["title"]).exists():
            continue
        item = services.news_create(created_by=coordinator, **story)
        services.news_publish(item=item, published_by=coordinator)
        created += 1
    today = timezone.localdate()
    for username, text in MESSAGES:
        if SafetyMessage.objects.filter(text=text).exists():
            continue
        author = User.objects.get(username=username)
        message = services.safety_message_create(
            created_by=author,
            text=text,
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(days=60),
        )
        services.safety_message_approve(message=message, approved_by=coordinator)
        created += 1
    return created
