from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

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
    path("accounts/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("language/", set_language, name="set_language"),
    path("procedures/", include("procedures.urls")),
    path("", include("intake.urls.patient")),
    path("desk/", include("intake.urls.desk")),
    path("review/", include("intake.urls.review")),
    path("review/", include("intake.urls.export")),
    path("admin/", admin.site.urls),
]

handler404 = "clinic.views.page_not_found"
handler500 = "clinic.views.server_error"
