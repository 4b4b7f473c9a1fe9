from django.urls import path

from intake.views import export as views

app_name = "export"
urlpatterns = [
    path("<int:pk>/fhir.json", views.fhir_bundle, name="fhir"),
    path("<int:pk>/chart.pdf", views.chart_pdf, name="pdf"),
]
