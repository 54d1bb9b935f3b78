from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("parks/", views.park_list, name="parks"),
    path("parks/<int:pk>/", views.park_detail, name="park"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/objection/", views.objection, name="objection"),
    path("objections/lookup/", views.receipt_lookup, name="receipt_lookup"),
    path("evaluations/", views.evaluation_notice_list, name="evaluation_notices"),
    path("evaluations/<int:pk>/", views.evaluation_notice_detail, name="evaluation_notice"),
]
