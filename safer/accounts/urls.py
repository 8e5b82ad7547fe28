from django.urls import path

from safer.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="login"),
    path("sign-out", views.SignOutView.as_view(), name="logout"),
    path("two-factor", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/set-up", views.two_factor_setup, name="two_factor_setup"),
    path("set-password/<uidb64>/<token>", views.SetPasswordView.as_view(), name="set_password"),
]
