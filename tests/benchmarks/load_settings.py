"""Production settings plus the floor view's URL, for tests/benchmarks/load.py only."""

from clinic.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.load_urls"
