import pytest
from django.test import Client

from safer.accounts.models import User
from safer.demo import seeding
from safer.schemes.demo import seed_schemes
from safer.schemes.models import Alert, Exclusion, Scheme

pytestmark = pytest.mark.django_db


def test_the_demo_schemes_are_made_once_and_their_members_can_sign_in(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisations = seeding.seed_organisations()
    seeding.seed_users(organisations, password="demo-pass-for-tests")
    created, logins = seed_schemes(password="demo-pass-for-tests")
    assert created == 2
    assert seed_schemes(password="demo-pass-for-tests")[0] == 0
    assert {s.kind for s in Scheme.objects.all()} == {"pubwatch", "shopwatch"}
    assert Exclusion.objects.count() == 2
    # the pubwatch's town-centre alert reached its member, whose premises lie inside the area
    area_alert = Alert.objects.get(area_name__startswith="Banbury town centre")
    assert area_alert.receipts.count() == 1
    assert all(a.receipts.count() == 1 for a in Alert.objects.all())  # each reached its member
    client = Client()
    for username, scheme_name in logins:
        user = User.objects.get(username=username)
        assert user.check_password("demo-pass-for-tests")
        client.force_login(user)
        scheme = Scheme.objects.get(name=scheme_name)
        excluded = client.get(f"/api/v1/schemes/{scheme.pk}/excluded").json()
        assert len(excluded) == 1 and excluded[0]["name"].endswith("-Demo")
