from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.demo.seeding import DEMO_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (demo installs and devices only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "demo_otp_code works only on a demo install (DEMO_MODE=true, set by ./run demo)"
            )
        device = TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE_NAME).first()
        if device is None:
            raise CommandError(f"{username!r} has no demo authenticator")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
