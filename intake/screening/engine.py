"""The one entry point: screen an intake for a procedure."""

from .context import build_context
from .findings import ordered
from .knowledge import default_knowledge_base
from .rules import RULES


def screen(intake, procedure, *, knowledge_base=None):
    """Return the findings for `intake` before `procedure`, worst first.

    `intake` is an IntakeAnswers, `procedure` a ProcedureProfile; `knowledge_base`
    defaults to the process-wide one (without clinic-local names: the Django side
    passes `intake.medication_names.get_knowledge_base()`).
    """
    kb = knowledge_base or default_knowledge_base()
    context = build_context(intake, procedure, kb)
    return ordered(finding for rule in RULES for finding in rule(context))
