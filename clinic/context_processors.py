from django.conf import settings


def clinic(request):
    """Expose the clinic's name and phone number to every template."""
    return {"clinic_name": settings.CLINIC_NAME, "clinic_phone": settings.CLINIC_PHONE}
