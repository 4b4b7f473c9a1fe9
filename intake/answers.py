"""Turn the validated steps into the frozen answers: the shape screening reads."""

from intake.forms.patient import ALLERGY_QUESTIONS, HEALTH_QUESTIONS

# What an allergy answered "yes" with no product named is recorded as.
DEFAULT_SUBSTANCE = {
    "local_anesthetic": "local anesthetic (numbing medicine)",
    "general_anesthesia": "sedation or general anesthetic",
    "iodinated_contrast": "X-ray or CT contrast dye",
    "latex": "latex",
}


def _severity(value):
    return value if value and value != "unknown" else None


def _allergy(substance, category, reaction, severity):
    entry = {"substance": substance, "reaction": reaction}
    if category:
        entry["category"] = category
    if _severity(severity):
        entry["severity"] = severity
    return entry


def _allergies(form_data, rows):
    allergies = []
    for key in ALLERGY_QUESTIONS:
        if form_data[key] == "yes":
            allergies.append(
                _allergy(
                    form_data[f"{key}_substance"] or DEFAULT_SUBSTANCE[key],
                    key,
                    form_data[f"{key}_reaction"],
                    form_data[f"{key}_severity"],
                )
            )
    for row in rows:
        allergies.append(
            _allergy(
                row["substance"], None, row.get("reaction", ""), row.get("severity")
            )
        )
    return allergies


def build_answers(step_forms, *, appointment):
    """Return the answers dict from every step's validated StepForms, by step slug."""
    about = step_forms["about"].form.cleaned_data
    medications = step_forms["medications"]
    supplements = step_forms["supplements"]
    allergies = step_forms["allergies"]
    health = step_forms["health"].form.cleaned_data
    day = step_forms["day"].form.cleaned_data
    allergy_data = allergies.form.cleaned_data
    return {
        "procedure": appointment.procedure.slug,
        "spinal_level": appointment.spinal_level,
        "about": {
            "phone": about["phone"],
            "emergency_name": about["emergency_name"],
            "emergency_phone": about["emergency_phone"],
            "corrections": about["corrections"],
        },
        "no_medications": bool(medications.form.cleaned_data["none"]),
        "medications": [
            {
                "name": row["name"],
                "dose": row.get("dose", ""),
                "frequency": row.get("frequency", ""),
                "last_dose": row["last_dose"].isoformat()
                if row.get("last_dose")
                else "",
            }
            for row in medications.entries()
        ],
        "no_supplements": bool(supplements.form.cleaned_data["none"]),
        "supplements": [
            {"name": name} for name in supplements.form.cleaned_data["common"]
        ]
        + [{"name": row["name"]} for row in supplements.entries()],
        "allergies": _allergies(allergy_data, allergies.entries()),
        "no_known_allergies": bool(allergy_data["none"])
        and all(allergy_data[key] == "no" for key in ALLERGY_QUESTIONS),
        "answers": {
            "pregnant": "no"
            if health["pregnant"] == "not_applicable"
            else health["pregnant"],
            **{key: health[key] == "yes" for key in HEALTH_QUESTIONS},
            "diabetes_poorly_controlled": health["diabetes"] == "yes"
            and health.get("diabetes_poorly_controlled") == "yes",
            "has_escort": day["has_escort"] == "yes",
        },
        "health_details": health["details"],
        "escort": {"name": day["escort_name"], "phone": day["escort_phone"]},
    }
