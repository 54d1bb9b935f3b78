from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.log, name="log"),
    path("parks/<int:pk>/", views.park_history, name="park_history"),
]
