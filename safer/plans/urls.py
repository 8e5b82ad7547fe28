from django.urls import path

from safer.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>", views.plan_detail, name="detail"),
    path("<int:pk>/performance", views.performance, name="plan_performance"),
    path("<int:pk>/performance.pdf", views.performance_download, name="plan_performance_pdf"),
    path("<int:pk>/settings", views.plan_settings, name="plan_settings"),
    path("export", views.plan_export, name="export"),
    path("import", views.plan_import, name="import"),
    path("follow-up", views.follow_up, name="follow_up"),
    path("tasks/<int:pk>/update", views.task_update, name="task_update"),
    path("tasks/<int:pk>/owner", views.task_owner, name="task_owner"),
    path("indicators/<int:pk>", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/figures", views.indicator_value, name="indicator_value"),
    path("indicators/<int:pk>/settings", views.indicator_settings, name="indicator_settings"),
    path("performance", views.performance, name="performance"),
    path("dashboard", views.dashboard, name="dashboard"),
    path("performance.pdf", views.performance_download, name="performance_pdf"),
    path("funding", views.funding, name="funding"),
    path("funding/grants", views.grant_add, name="grant_add"),
    path("funding/allocations", views.allocation_add, name="allocation_add"),
    path("funding/allocations/<int:pk>", views.allocation_detail, name="allocation"),
    path("funding/allocations/<int:pk>/spend", views.spend_add, name="spend_add"),
    path("funding/allocations/<int:pk>/outputs", views.output_add, name="output_add"),
    path("annual-report", views.annual_report_list, name="annual_reports"),
    path("annual-report/<str:year>.pdf", views.annual_report_download, name="annual_report_pdf"),
    path("annual-report/<str:year>.txt", views.annual_report_text, name="annual_report_text"),
    path("annual-report/<str:year>", views.annual_report, name="annual_report"),
    path(
        "annual-report/<str:year>/<slug:section>/edit",
        views.narrative_edit,
        name="narrative_edit",
    ),
]
