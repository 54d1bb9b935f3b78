from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("queue/", views.work_queue, name="queue"),
    path("new/", views.application_create, name="create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/park-type/", views.park_type_change, name="park_type"),
    path("<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("<int:pk>/materials/<int:material_pk>/", views.material_download, name="material_download"),
    path("<int:pk>/steps/<slug:name>/", views.transition, name="transition"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/site-visits/", views.site_visit, name="site_visit"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("recommendation-list/", views.recommendation_list, name="recommendation_list"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/objections/", views.objection_record, name="objection_record"),
    path("objections/<int:pk>/", views.objection_resolve, name="objection_resolve"),
    path("objections/<int:pk>/attachment/", views.objection_attachment, name="objection_attachment"),
    path("subsidies/<int:pk>/", views.subsidy, name="subsidy"),
    path("branch-parks/new/", views.branch_request, name="branch_request"),
]
