from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("rounds/open/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/settings/", views.round_settings, name="round_settings"),
    path("rounds/<int:pk>/publish/", views.round_publish, name="round_publish"),
    path("rounds/<int:pk>/preview/", views.round_preview, name="round_preview"),
    path("rounds/<int:pk>/draw/", views.round_draw, name="round_draw"),
    path("rounds/<int:pk>/selection/", views.round_selection, name="round_selection"),
    path("self-evaluations/<int:pk>/", views.self_evaluation, name="self_evaluation"),
    path("self-evaluations/<int:pk>/submit/", views.self_evaluation_submit, name="self_evaluation_submit"),
    path("self-evaluations/<int:pk>/review/", views.self_evaluation_review, name="self_evaluation_review"),
    path("self-evaluations/<int:pk>/attachments/", views.self_evaluation_attach, name="self_evaluation_attach"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("templates/", views.templates, name="templates"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/draw/", views.assessment_draw, name="assessment_draw"),
    path("my-assignments/", views.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/", views.seat, name="seat"),
    path("assignments/<int:pk>/materials/<int:material_pk>/", views.seat_material, name="seat_material"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("commendations/<int:pk>/support/", views.commendation_support, name="commendation_support"),
    path("rectifications/<int:pk>/", views.rectification, name="rectification"),
    path("rectifications/<int:pk>/report/", views.rectification_report, name="rectification_report"),
    path("rectifications/<int:pk>/attachments/", views.rectification_attach, name="rectification_attach"),
    path("rectifications/<int:pk>/accept/", views.rectification_accept, name="rectification_accept"),
    path("parks/<int:pk>/", views.park, name="park"),
    path("parks/<int:pk>/rectify/", views.park_rectify, name="park_rectify"),
    path("parks/<int:pk>/revoke/", views.park_revoke, name="park_revoke"),
]
