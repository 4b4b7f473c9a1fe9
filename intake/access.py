"""Who may open which intake page: one place for the access rules."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.views.decorators.cache import never_cache

from clinic.roles import has_role


def role_required(*roles):
    """Send anonymous users to the login page and refuse other roles with 403.

    Pages behind it show patient data, so they are never cached.
    """

    def decorator(view):
        @wraps(view)
        @never_cache
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
