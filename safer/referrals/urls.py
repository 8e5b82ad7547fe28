from django.urls import path

from safer.referrals import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/new/<str:reference>", views.referral_create, name="create"),
    path("referrals/<int:pk>", views.referral_detail, name="detail"),
    path("referrals/<int:pk>/decision", views.referral_decide, name="decide"),
    path("referrals/<int:pk>/outcome", views.referral_outcome, name="outcome"),
    path("referrals/<int:pk>/withdraw", views.referral_withdraw, name="withdraw"),
    path("referrals/<int:pk>/target-hardening", views.target_hardening, name="target_hardening"),
    path("referrals/risk-checklist/<str:reference>", views.risk_checklist, name="checklist"),
    path(
        "referrals/risk-checklists/<int:pk>", views.risk_checklist_detail, name="checklist_detail"
    ),
    path("referrals/schemes/<slug:code>/budget", views.budget, name="budget"),
    path("referrals/schemes/<slug:code>/budget/set", views.budget_set, name="budget_set"),
]
