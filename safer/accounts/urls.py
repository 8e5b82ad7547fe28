from django.urls import path

from safer.accounts import token_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="login"),
    path("sign-out", views.SignOutView.as_view(), name="logout"),
    path("two-factor", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up", views.two_factor_setup, name="two_factor_setup"),
    path("set-password/<uidb64>/<token>", views.SetPasswordView.as_view(), name="set_password"),
    path("api-tokens/", token_views.api_tokens, name="api_tokens"),
    path("api-tokens/new", token_views.api_token_create, name="api_token_create"),
    path("api-tokens/<str:key_id>/revoke", token_views.api_token_revoke, name="api_token_revoke"),
]
