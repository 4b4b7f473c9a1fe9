from intake.patient_session import TABLET_IDLE_SECONDS, is_tablet


def tablet(request):
    """Tell patient pages on a clinic tablet to clear themselves when left idle."""
    has_session = hasattr(request, "session")
    return {
        "tablet_idle_seconds": TABLET_IDLE_SECONDS
        if has_session and is_tablet(request)
        else None
    }
