"""What a worker prepares before its first request, so no patient waits for it."""

from django.conf import settings
from django.template.loader import get_template


def compile_templates():
    """Compile every project template now (the cached loader keeps them)."""
    root = settings.BASE_DIR / "templates"
    names = sorted(str(path.relative_to(root)) for path in root.rglob("*.html"))
    for name in names:
        get_template(name)
    return names
