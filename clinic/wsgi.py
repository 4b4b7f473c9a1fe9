"""WSGI entry point for gunicorn: `gunicorn clinic.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

application = get_wsgi_application()

# Each gunicorn worker imports this module before it takes a request: load the
# screening knowledge base and compile the templates here, not on some patient's
# first page.
from clinic.warm import compile_templates  # noqa: E402
from intake.medication_names import warm_up  # noqa: E402

warm_up()
compile_templates()
