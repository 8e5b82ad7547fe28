from django.urls import path

from safer.public import views, views_report

app_name = "public"

urlpatterns = [
    path("public/", views.home, name="home"),
    path("public/language", views.language, name="language"),
    path("report-asb", views_report.start, name="report_asb"),
    path("report-asb/check-your-answers", views_report.check_answers, name="report_asb_check"),
    path("report-asb/report-sent", views_report.done, name="report_asb_done"),
    path("report-asb/report-sent.pdf", views_report.done_pdf, name="report_asb_done_pdf"),
    path("report-asb/<slug:slug>", views_report.question, name="report_asb_question"),
    path("check-a-report", views_report.check_report, name="check_report"),
    path("check-a-report/email-sent", views_report.check_report_sent, name="check_report_sent"),
    path(
        "check-a-report/status/<str:token>",
        views_report.check_report_status,
        name="check_report_status",
    ),
]
