"""demo_otp_code works on a demo install (DEMO_MODE, as ./run demo sets it), and nowhere else."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.demo.seeding import DEMO_DEVICE_NAME
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_admin(council):
    admin = member(Role.ADMIN, council, username="demoadmin")
    return TOTPDevice.objects.create(user=admin, name=DEMO_DEVICE_NAME, confirmed=True)


def test_prints_the_current_code_on_a_demo_install_without_debug(settings, capsys, demo_admin):
    settings.DEBUG, settings.DEMO_MODE = False, True
    call_command("demo_otp_code", "demoadmin")
    code = totp(demo_admin.bin_key, step=demo_admin.step, t0=demo_admin.t0, digits=6)
    assert capsys.readouterr().out.strip() == f"{code:06d}"


def test_refused_outside_a_demo_install(settings, demo_admin):
    settings.DEBUG, settings.DEMO_MODE = False, False
    with pytest.raises(CommandError, match="demo install"):
        call_command("demo_otp_code", "demoadmin")
