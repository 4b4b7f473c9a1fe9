"""What the engine reads: the patient's answers, and their validation from JSON.

`intake_from_dict` accepts the dict of DESIGN.md's screening contract (the command's
JSON and the web flow's saved answers) and raises `InvalidIntake` on a wrong shape.
A missing list or answer counts as the harmless one and raises nothing.
"""

from dataclasses import dataclass, field

from .procedure import SPINAL_LEVELS

ALLERGY_CATEGORIES = (
    "local_anesthetic",
    "general_anesthesia",
    "iodinated_contrast",
    "latex",
    "medication",
    "food",
    "other",
)
ALLERGY_SEVERITIES = ("mild", "moderate", "severe", "anaphylaxis")
PREGNANT_CHOICES = ("yes", "no", "unsure")
_BOOLEAN_ANSWERS = {
    "bleeding_disorder": False,
    "kidney_disease": False,
    "diabetes": False,
    # Not in DESIGN.md's example: lets the form say diabetes is poorly controlled
    # (DIABETES_STEROID becomes moderate, CLINICAL.md §2).
    "diabetes_poorly_controlled": False,
    "fever_or_infection": False,
    "sleep_apnea": False,
    "sedation_problems": False,
    "malignant_hyperthermia": False,
    "has_escort": True,
}
_TOP_LEVEL = {
    "procedure",
    "spinal_level",
    "medications",
    "supplements",
    "allergies",
    "answers",
}


class InvalidIntake(ValueError):
    """The intake does not have the shape of the screening contract."""


@dataclass(frozen=True)
class MedicationEntry:
    """One medication or supplement line, in the patient's words."""

    name: str
    dose: str = ""
    frequency: str = ""
    last_dose: str = ""

    @property
    def evidence(self):
        """Return the patient's words: the name, then dose and frequency if given."""
        return ", ".join(
            part for part in (self.name, self.dose, self.frequency) if part
        )


@dataclass(frozen=True)
class AllergyEntry:
    """One allergy, with the category the patient chose (if any)."""

    substance: str
    category: str | None = None
    reaction: str = ""
    severity: str | None = None

    @property
    def evidence(self):
        """Return the patient's words: the substance and the reaction if given."""
        return ", ".join(part for part in (self.substance, self.reaction) if part)


@dataclass(frozen=True)
class Answers:
    """The health questions; defaults are the harmless answers."""

    pregnant: str = "no"
    bleeding_disorder: bool = False
    kidney_disease: bool = False
    diabetes: bool = False
    diabetes_poorly_controlled: bool = False
    fever_or_infection: bool = False
    sleep_apnea: bool = False
    sedation_problems: bool = False
    malignant_hyperthermia: bool = False
    has_escort: bool = True


@dataclass(frozen=True)
class IntakeAnswers:
    """Everything the patient told the clinic that screening reads."""

    procedure: str
    spinal_level: str | None = None
    medications: tuple[MedicationEntry, ...] = ()
    supplements: tuple[MedicationEntry, ...] = ()
    allergies: tuple[AllergyEntry, ...] = ()
    answers: Answers = field(default_factory=Answers)


def intake_from_dict(data):
    """Validate the contract's dict and return `IntakeAnswers`."""
    _require(isinstance(data, dict), "the intake must be a JSON object")
    _reject_unknown(data, _TOP_LEVEL, "intake")
    procedure = data.get("procedure")
    _require(
        isinstance(procedure, str) and procedure.strip(),
        "procedure must be a non-empty string (a catalog slug)",
    )
    spinal_level = data.get("spinal_level")
    _require(
        spinal_level is None or spinal_level in SPINAL_LEVELS,
        f"spinal_level must be one of {', '.join(SPINAL_LEVELS)}",
    )
    return IntakeAnswers(
        procedure=procedure.strip(),
        spinal_level=spinal_level,
        medications=_entries(data, "medications"),
        supplements=_entries(data, "supplements"),
        allergies=_allergies(data),
        answers=_answers(data.get("answers")),
    )


def _entries(data, key):
    entries = []
    keys = {"name", "dose", "frequency", "last_dose"}
    for index, item in enumerate(_list(data, key)):
        where = f"{key}[{index}]"
        _is_object(item, where, keys)
        entries.append(
            MedicationEntry(
                name=_text(item, "name", where, required=True),
                dose=_text(item, "dose", where),
                frequency=_text(item, "frequency", where),
                last_dose=_text(item, "last_dose", where),
            )
        )
    return tuple(entries)


def _allergies(data):
    allergies = []
    keys = {"substance", "category", "reaction", "severity"}
    for index, item in enumerate(_list(data, "allergies")):
        where = f"allergies[{index}]"
        _is_object(item, where, keys)
        allergies.append(
            AllergyEntry(
                substance=_text(item, "substance", where, required=True),
                category=_choice(item, "category", where, ALLERGY_CATEGORIES),
                reaction=_text(item, "reaction", where),
                severity=_choice(item, "severity", where, ALLERGY_SEVERITIES),
            )
        )
    return tuple(allergies)


def _answers(answers):
    if answers is None:
        return Answers()
    _require(isinstance(answers, dict), "answers must be an object")
    _reject_unknown(answers, {"pregnant", *_BOOLEAN_ANSWERS}, "answers")
    pregnant = answers.get("pregnant", "no")
    _require(
        pregnant in PREGNANT_CHOICES,
        f"answers.pregnant must be one of {', '.join(PREGNANT_CHOICES)}",
    )
    values = {}
    for name, default in _BOOLEAN_ANSWERS.items():
        value = answers.get(name, default)
        if value is None:
            value = default
        _require(isinstance(value, bool), f"answers.{name} must be true or false")
        values[name] = value
    return Answers(pregnant=pregnant, **values)


def _list(data, key):
    value = data.get(key)
    if value is None:
        return []
    _require(isinstance(value, list), f"{key} must be a list")
    return value


def _is_object(item, where, keys):
    _require(isinstance(item, dict), f"{where} must be an object")
    _reject_unknown(item, keys, where)


def _text(item, key, where, required=False):
    value = item.get(key)
    if value is None and not required:
        return ""
    _require(isinstance(value, str), f"{where}.{key} must be a string")
    return value.strip()


def _choice(item, key, where, choices):
    value = item.get(key)
    _require(
        value is None or value in choices,
        f"{where}.{key} must be one of {', '.join(choices)}",
    )
    return value


def _reject_unknown(mapping, allowed, where):
    unknown = sorted(str(key) for key in mapping if key not in allowed)
    _require(not unknown, f"{where} has unknown field(s): {', '.join(unknown)}")


def _require(condition, message):
    if not condition:
        raise InvalidIntake(message)
