from django.urls import path

from . import views

app_name = "policy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("applications/<int:application_pk>/waivers/<slug:criterion_id>/", views.waive, name="waive"),
]
