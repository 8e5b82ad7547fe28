"""Keep scheme member accounts inside their schemes.

A member user (a business's named user: no partner organisation) may reach the scheme pages
and API, public pages and signing out, and nothing else: every other staff page or API operation
answers 403 whatever that page's own checks would say, so a page added later without a
capability check cannot leak to them. Their home page is their schemes.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from safer.schemes.access import is_member_user

MEMBERS_STAY_IN_SCHEMES = "Scheme member accounts can only use their business crime schemes"
_ALLOWED_URL_NAMES = frozenset({"accounts:logout", "accounts:set_password"})


class SchemeMemberBoundaryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not is_member_user(user):
            return None
        path = request.path
        if path.startswith("/api/"):
            if path == "/api/v1/schemes" or path.startswith("/api/v1/schemes/"):
                return None
            return JsonResponse({"detail": MEMBERS_STAY_IN_SCHEMES}, status=403)
        match = request.resolver_match
        if match is not None and (
            match.namespace == "schemes" or match.view_name in _ALLOWED_URL_NAMES
        ):
            return None
        if match is not None and match.view_name == "core:home":
            return redirect(reverse("schemes:home"))
        if not getattr(view_func, "login_required", True):
            return None  # public pages are open to everyone
        raise PermissionDenied(MEMBERS_STAY_IN_SCHEMES)
