from django.urls import path

from intake.views import review as views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.intake_page, name="intake"),
    path("<int:pk>/print/", views.intake_print, name="print"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/flags/resolve/", views.resolve_all, name="resolve_all"),
    path(
        "<int:pk>/flags/<int:flag_pk>/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
    path("<int:pk>/flags/<int:flag_pk>/resolve/", views.resolve, name="resolve"),
]
