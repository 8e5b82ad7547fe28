import pytest

from safer.schemes.tests import factories as f


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin_user(council):
    return f.administrator(council)


@pytest.fixture
def pubwatch(admin_user):
    return f.scheme(admin_user)


@pytest.fixture
def red_lion(admin_user, pubwatch):
    return f.business(admin_user, pubwatch)


@pytest.fixture
def member(admin_user, red_lion):
    return f.member_user(admin_user, red_lion)
