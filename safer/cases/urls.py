from django.urls import path

from safer.cases import views

app_name = "cases"

urlpatterns = [
    path("cases/", views.case_list, name="list"),
    path("cases/download.<str:format>", views.case_list_download, name="list_download"),
    path("cases/queues", views.queues, name="queues"),
    path("cases/repeats", views.repeats, name="repeats"),
    path("cases/risk-questionnaire", views.questionnaire, name="questionnaire"),
    path("cases/<str:reference>/", views.case_detail, name="detail"),
    path("cases/<str:reference>/status", views.case_status, name="status"),
    path("cases/<str:reference>/close", views.case_close, name="close"),
    path("cases/<str:reference>/tasks", views.case_task_add, name="task_add"),
    path("cases/<str:reference>/tasks/<int:task_id>/done", views.case_task_done, name="task_done"),
    path("cases/<str:reference>/notes", views.case_note_add, name="note_add"),
    path("cases/<str:reference>/documents", views.case_document_add, name="document_add"),
    path(
        "cases/<str:reference>/documents/<int:document_id>",
        views.case_document_download,
        name="document",
    ),
    path("cases/<str:reference>/share", views.case_share, name="share"),
    path(
        "cases/<str:reference>/share/<int:organisation_id>/withdraw",
        views.case_unshare,
        name="unshare",
    ),
    path("cases/<str:reference>/handover", views.case_handover, name="handover"),
    path(
        "cases/<str:reference>/interventions/new",
        views.intervention_create,
        name="intervention_create",
    ),
    path(
        "cases/<str:reference>/interventions/check",
        views.intervention_check,
        name="intervention_check",
    ),
    path(
        "cases/<str:reference>/interventions/<int:intervention_id>/breaches/new",
        views.breach_create,
        name="breach_create",
    ),
    path(
        "cases/<str:reference>/interventions/<int:intervention_id>/publicity",
        views.publicity_sheet,
        name="publicity",
    ),
    # After the publicity sheet's path: its last part would match <slug:change> too.
    path(
        "cases/<str:reference>/interventions/<int:intervention_id>/<slug:change>",
        views.intervention_change,
        name="intervention_change",
    ),
    path(
        "cases/<str:reference>/nuisance-assessment",
        views.nuisance_assessment_create,
        name="nuisance_assessment",
    ),
    path("reports/", views.report_list, name="report_list"),
    path("reports/new", views.report_create, name="report_create"),
    path("reports/download.<str:format>", views.report_list_download, name="report_list_download"),
    path("reports/<str:reference>/", views.report_detail, name="report_detail"),
    path("reports/<str:reference>/edit", views.report_edit, name="report_edit"),
    path(
        "reports/<str:reference>/photos/<int:photo_id>",
        views.report_photo,
        name="report_photo",
    ),
    path(
        "reports/<str:reference>/risk-assessment",
        views.risk_assessment_create,
        name="risk_assessment",
    ),
    path(
        "reports/<str:reference>/risk-assessments/<int:assessment_id>/raise",
        views.risk_band_raise,
        name="raise_band",
    ),
    path("reports/<str:reference>/open-case", views.report_open_case, name="open_case"),
    path("reports/<str:reference>/attach", views.report_attach, name="attach"),
]
