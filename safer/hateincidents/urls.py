app_name = "hateincidents"

urlpatterns = []
