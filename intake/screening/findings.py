"""What the engine returns: findings with a code, a severity and an explanation."""

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How urgent a finding is, worst first (DESIGN.md, the screening contract)."""

    CRITICAL = "critical"
    HIGH = "high"
    MODERATE = "moderate"
    INFO = "info"

    @property
    def rank(self):
        """Return 0 for the worst severity, 3 for a note."""
        return _RANK[self]


_RANK = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MODERATE: 2, Severity.INFO: 3}

# The stable codes of DESIGN.md, never translated.
CODES = (
    "ANTICOAGULANT",
    "ANTIPLATELET",
    "NSAID",
    "MULTIPLE_ANTITHROMBOTICS",
    "BLEEDING_SUPPLEMENT",
    "BLEEDING_DISORDER",
    "CONTRAST_ALLERGY",
    "LOCAL_ANESTHETIC_ALLERGY",
    "SEDATION_ALLERGY",
    "LATEX_ALLERGY",
    "ANTISEPTIC_ALLERGY",
    "BONE_CEMENT_ALLERGY",
    "METFORMIN_CONTRAST",
    "KIDNEY_DISEASE",
    "PREGNANCY",
    "ACTIVE_INFECTION",
    "DIABETES_STEROID",
    "DIABETES_FASTING",
    "GLP1_SEDATION",
    "SGLT2_SEDATION",
    "SLEEP_APNEA_SEDATION",
    "NO_ESCORT",
    "UNRECOGNIZED_MEDICATION",
)


@dataclass(frozen=True)
class Finding:
    """One explained flag for the radiologist.

    `message` and `action` (and `evidence` when it quotes an answer rather than the
    patient's words) are lazy translatable strings: `str()` renders them in the active
    language. `as_dict()` gives plain JSON-ready values.
    """

    code: str
    severity: Severity
    message: str
    action: str
    source: str
    evidence: str

    def as_dict(self):
        """Return the finding as plain strings, in the contract's key order."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": str(self.message),
            "action": str(self.action),
            "source": str(self.source),
            "evidence": str(self.evidence),
        }


def ordered(findings):
    """Sort worst first, then by code; ties keep the order the rules produced."""
    return tuple(sorted(findings, key=lambda f: (f.severity.rank, f.code)))
