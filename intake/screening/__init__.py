"""Pre-procedure screening: the patient's answers in, explained findings out.

Pure Python (no ORM, no request). One entry point, `screen(intake, procedure)`, takes
frozen dataclasses and returns frozen `Finding`s ordered worst first, then by code.
Every severity and action comes from the project's clinical reference (CLINICAL.md),
whose sources are cited by each rule module and in each finding's `source`:
SIR 2019 periprocedural bleeding-risk consensus (JVIR 2019;30:1155-1184), ASRA 2015
supplement guidance and Ang-Lee et al. (JAMA 2001), the ACR Manual on Contrast Media,
EULAR 2021 intra-articular recommendations, the drug allergy practice parameter (JACI
2022), SAMBA/ASA 2019 on malignant hyperthermia, ASA 2014 (sleep apnoea), the 2024
multisociety and ASA 2023 GLP-1 guidance, FDA 2020 SGLT2 labels, the ACR-SPR practice
parameter on imaging pregnant patients, SIR's vertebroplasty guidelines (JVIR 2003) and
the MHRA 2021 drug safety update on chlorhexidine anaphylaxis. Combination products
carry the ingredients of their U.S. labels (DailyMed).

    intake = intake_from_dict(data)          # raises InvalidIntake on a wrong shape
    profile = ProcedureProfile.from_attributes(procedure.clinical_attributes())
    findings = screen(intake, profile, knowledge_base=kb)
"""

from .answers import (
    AllergyEntry,
    Answers,
    IntakeAnswers,
    InvalidIntake,
    MedicationEntry,
    intake_from_dict,
)
from .engine import screen
from .findings import CODES, Finding, Severity
from .knowledge import KnowledgeBase, default_knowledge_base, load_knowledge_base
from .procedure import ProcedureProfile
from .version import RULES_VERSION

__all__ = [
    "CODES",
    "RULES_VERSION",
    "AllergyEntry",
    "Answers",
    "Finding",
    "IntakeAnswers",
    "InvalidIntake",
    "KnowledgeBase",
    "MedicationEntry",
    "ProcedureProfile",
    "Severity",
    "default_knowledge_base",
    "intake_from_dict",
    "load_knowledge_base",
    "screen",
]
