from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import views
from clinic.cleaning import StaffLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_home, name="staff_home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=StaffLoginForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("procedures/", include("procedures.urls")),
    path("", include("intake.urls.patient")),
    path("desk/", include("intake.urls.desk")),
    path("review/", include("intake.urls.review")),
    path("admin/", admin.site.urls),
]

handler404 = "clinic.views.page_not_found"
