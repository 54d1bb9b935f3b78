from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("overrides/new/", views.override_create, name="override_create"),
    path("overrides/import/", views.override_import, name="override_import"),
    path("overrides/<int:pk>/edit/", views.override_edit, name="override_edit"),
    path("overrides/<int:pk>/delete/", views.override_delete, name="override_delete"),
]
