"""The intake as FHIR: a Questionnaire generated from the steps, and the responses.

Every question of every step (intake/steps.py) becomes one Questionnaire item, with
the step's form field deciding its type and answer options; list steps get a
repeating group for their rows. The version is a fingerprint of the items, so it
changes exactly when a question, an option or a label changes.

A QuestionnaireResponse carries what the patient answered to each question, from
the step data validated at submission; `step_data_from_response` turns one back
into step data, which `build_answers` turns into the frozen answers again (the
round trip the tests check).
"""

import datetime as dt
import functools
import hashlib
import json

from django import forms
from django.utils import translation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake.steps import INITIAL_FORMS, ROW_PREFIX, STEPS, TOTAL_FORMS, StepForms

QUESTIONNAIRE_PATH = "fhir/Questionnaire/pre-procedure-intake"
ROWS = "rows"
ANSWER_SYSTEM = "fhir/CodeSystem/intake-answer"


def _item_type(field):
    if isinstance(field, forms.BooleanField):
        return "boolean"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField):
        return "integer"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    if isinstance(field.widget, forms.Textarea):
        return "text"
    return "string"


def _options(field, system):
    return [
        {"valueCoding": {"system": system, "code": str(code), "display": str(label)}}
        for code, label in field.choices
        if code != ""
    ]


def _question(link_id, field, system):
    item = {
        "linkId": link_id,
        "text": str(field.label),
        "type": _item_type(field),
        "required": bool(field.required),
    }
    if isinstance(field, forms.MultipleChoiceField):
        item["repeats"] = True
    if isinstance(field, forms.ChoiceField):
        item["answerOption"] = _options(field, system)
    if getattr(field, "max_length", None) and item["type"] in ("string", "text"):
        item["maxLength"] = field.max_length
    return item


def _questions(prefix, form_class, system):
    return [
        _question(f"{prefix}.{name}", field, system)
        for name, field in form_class().fields.items()
    ]


def _step_item(step, system):
    with translation.override("en"):
        children = _questions(step.slug, step.form_class, system)
        if step.row_form:
            children.append(
                {
                    "linkId": f"{step.slug}.{ROWS}",
                    "text": str(step.row_label),
                    "type": "group",
                    "repeats": True,
                    "item": _questions(f"{step.slug}.{ROWS}", step.row_form, system),
                }
            )
        return {
            "linkId": step.slug,
            "text": str(step.title),
            "type": "group",
            "item": children,
        }


@functools.cache
def _items_json(base_url):
    # The steps are code: their questions only change with a release.
    system = f"{base_url}/{ANSWER_SYSTEM}"
    return json.dumps([_step_item(step, system) for step in STEPS])


def questionnaire_items(base_url):
    """Return the Questionnaire's items as plain data, one group per step."""
    return json.loads(_items_json(base_url))


def questionnaire_url(base_url):
    return f"{base_url}/{QUESTIONNAIRE_PATH}"


@functools.cache
def questionnaire_version(base_url):
    """Fingerprint the items: a changed question gives a new version."""
    canonical = json.dumps(questionnaire_items(base_url), sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def build_questionnaire(*, base_url, resource_id):
    """Return the intake Questionnaire generated from the step definitions."""
    return Questionnaire(
        id=resource_id,
        url=questionnaire_url(base_url),
        version=questionnaire_version(base_url),
        name="PreProcedureIntake",
        title="Pre-procedure patient intake",
        status="active",
        subjectType=["Patient"],
        item=questionnaire_items(base_url),
    )


def _answer(value, field, system):
    if isinstance(field, forms.ChoiceField):
        choices = {str(code): label for code, label in field.choices}
        with translation.override("en"):
            label = str(choices.get(str(value), value))
        return {"valueCoding": {"system": system, "code": str(value), "display": label}}
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, dt.date):
        return {"valueDate": value.isoformat()}
    if isinstance(value, int):
        return {"valueInteger": value}
    return {"valueString": str(value)}


def _answered(prefix, form, data, system):
    """Return the items of the questions that have an answer."""
    items = []
    for name, field in form.fields.items():
        value = data.get(name)
        values = value if isinstance(value, list) else [value]
        answers = [_answer(v, field, system) for v in values if v not in (None, "")]
        if answers:
            items.append({"linkId": f"{prefix}.{name}", "answer": answers})
    return items


def _step_response(step, step_data, system):
    step_forms = StepForms(step, step_data)
    step_forms.is_valid()
    form = step_forms.form
    items = _answered(step.slug, form, getattr(form, "cleaned_data", {}), system)
    if step.row_form:
        row_form = step.row_form()
        for row in step_forms.entries():
            link_id = f"{step.slug}.{ROWS}"
            items.append(
                {"linkId": link_id, "item": _answered(link_id, row_form, row, system)}
            )
    return {"linkId": step.slug, "item": items} if items else None


def response_items(draft, base_url):
    """Return the response items for the step data saved in a draft."""
    system = f"{base_url}/{ANSWER_SYSTEM}"
    saved = (draft or {}).get("steps", {})
    items = (
        _step_response(step, saved[step.slug], system)
        for step in STEPS
        if step.slug in saved
    )
    return [item for item in items if item]


def build_response(*, intake, base_url, resource_id, subject):
    """Return the QuestionnaireResponse of a submitted intake."""
    return QuestionnaireResponse(
        id=resource_id,
        questionnaire=f"{questionnaire_url(base_url)}|{questionnaire_version(base_url)}",
        status="completed",
        subject=subject,
        author=subject,
        source=subject,
        authored=intake.submitted_at,
        item=response_items(intake.draft, base_url) or None,
    )


def _form_value(answer):
    if answer.valueCoding is not None:
        return answer.valueCoding.code
    if answer.valueBoolean is not None:
        return "on" if answer.valueBoolean else None
    if answer.valueDate is not None:
        return answer.valueDate.isoformat()
    if answer.valueInteger is not None:
        return str(answer.valueInteger)
    return answer.valueString


def _post_data(items, prefix, into):
    for item in items or []:
        name = item.linkId.rsplit(".", 1)[1]
        values = [_form_value(answer) for answer in item.answer or []]
        values = [value for value in values if value is not None]
        if values:
            into[f"{prefix}{name}"] = values


def step_data_from_response(response):
    """Turn a QuestionnaireResponse back into the step data the forms validate."""
    steps = {}
    for step_item in response.item or []:
        data = {}
        rows = [item for item in step_item.item or [] if item.linkId.endswith(ROWS)]
        fields = [item for item in step_item.item or [] if item not in rows]
        _post_data(fields, "", data)
        for index, row in enumerate(rows):
            _post_data(row.item, f"{ROW_PREFIX}-{index}-", data)
        step = next(step for step in STEPS if step.slug == step_item.linkId)
        if step.row_form:
            data[TOTAL_FORMS] = [str(len(rows))]
            data[INITIAL_FORMS] = ["0"]
        steps[step_item.linkId] = data
    return steps
