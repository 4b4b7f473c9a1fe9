from django.urls import path

from intake.views import desk as views

app_name = "desk"
urlpatterns = [
    path("", views.appointment_list, name="list"),
    path("new/", views.register, name="register"),
    path("figures/", views.figures, name="figures"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/link/", views.fresh_link, name="fresh_link"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:pk>/tablet/", views.tablet, name="tablet"),
    path("appointments/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("appointments/<int:pk>/contact/", views.contact, name="contact"),
]
