"""The knowledge base loads once for the whole screening test run."""

import pytest

from intake.screening import default_knowledge_base


@pytest.fixture(scope="session")
def kb():
    return default_knowledge_base()
