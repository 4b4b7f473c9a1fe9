from django.urls import path

from intake.views import patient as views

app_name = "patient"
urlpatterns = [
    path("i/<str:token>/", views.start, name="start"),
    path("intake/", views.resume, name="resume"),
    path("intake/verify/", views.verify, name="verify"),
    path("intake/review/", views.review, name="review"),
    path("intake/outcome/", views.outcome, name="outcome"),
    path("intake/leave/", views.leave, name="leave"),
    path("intake/goodbye/", views.goodbye, name="goodbye"),
    path("intake/sent/", views.sent, name="sent"),
    path("intake/no-reminders/", views.no_reminders, name="no_reminders"),
    path("intake/<slug:step>/", views.step, name="step"),
]
