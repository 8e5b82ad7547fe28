"""Two-factor enforcement for the roles that require it."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from safer.partners.access import requires_two_factor

TWO_FACTOR_REQUIRED = "Your role requires two-factor authentication. Complete it before continuing."

# Pages a half-signed-in user may still reach: the second-factor steps and signing out.
_ALLOWED_URL_NAMES = ("accounts:two_factor_verify", "accounts:two_factor_setup", "accounts:logout")


class TwoFactorRequiredMiddleware:
    """Hold users of two-factor roles at the second step until django-otp has verified them.

    Bearer-token API calls are not sessions and are authorised by the token itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed_paths: frozenset[str] | None = None

    def __call__(self, request):
        user = request.user
        held = user.is_authenticated and requires_two_factor(user) and not user.is_verified()
        if held and request.path not in self._allowed():
            return self._hold(request, user)
        return self.get_response(request)

    def _allowed(self) -> frozenset[str]:
        if self._allowed_paths is None:
            self._allowed_paths = frozenset(reverse(name) for name in _ALLOWED_URL_NAMES)
        return self._allowed_paths

    def _hold(self, request, user):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": TWO_FACTOR_REQUIRED}, status=403)
        from django_otp import devices_for_user

        has_device = any(devices_for_user(user, confirmed=True))
        step = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
        return redirect(f"{reverse(step)}?next={request.get_full_path()}")
