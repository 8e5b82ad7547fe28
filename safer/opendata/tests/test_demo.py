import pytest

from safer.demo import seeding
from safer.opendata.demo import MESSAGES, NEWS, seed_opendata
from safer.opendata.models import NewsItem, SafetyMessage
from safer.opendata.selectors import news_published, safety_messages_current

pytestmark = pytest.mark.django_db


def test_demo_news_and_messages_are_published_once():
    seeding.seed_users(seeding.seed_organisations(), password="x-demo-password-1")
    assert seed_opendata() == len(NEWS) + len(MESSAGES)
    assert seed_opendata() == 0
    assert news_published().count() == NewsItem.objects.count() == len(NEWS)
    assert safety_messages_current().count() == SafetyMessage.objects.count() == len(MESSAGES)
