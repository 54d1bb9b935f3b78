from django.urls import path

from . import views

app_name = "scenarios"
urlpatterns = [path("<slug:policy_id>/run/", views.run, name="run")]
