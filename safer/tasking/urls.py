from django.urls import path

from safer.tasking import views

app_name = "tasking"

urlpatterns = [
    path("meetings/", views.series_list, name="series_list"),
    path("meetings/series/new", views.series_create, name="series_create"),
    path("meetings/series/<int:pk>", views.series_detail, name="series"),
    path("meetings/series/<int:pk>/new-meeting", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/items/add", views.item_add, name="item_add"),
    path("meetings/<int:pk>/items/<int:item_id>/drop", views.item_drop, name="item_drop"),
    path("meetings/<int:pk>/items/<int:item_id>/decision", views.item_decide, name="item_decide"),
    path("meetings/<int:pk>/attendance", views.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/issue", views.minutes_issue, name="minutes_issue"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_download, name="minutes_pdf"),
]
