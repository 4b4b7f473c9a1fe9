"""`as_crispy_field`, with crispy-bootstrap5's field markup written out in Python.

crispy-forms renders each field through `bootstrap5/field.html` and its includes:
about a third of a millisecond a field, which on a patient step of 20 fields costs
more than the rest of the page. `{% load crispy_fast %}` gives a filter of the same
name and the same markup (label, widget classes, errors, help text) for the fields
crispy renders plainly: text-like inputs, text areas, selects, checkboxes, radio
buttons and checkbox lists, outside a FormHelper. Anything else (file inputs,
multi-widgets, hidden fields, a form with a helper) goes to crispy itself.
`tests/clinic/test_crispy_fast.py` compares both on every field of every form.
"""

from crispy_forms.templatetags.crispy_forms_filters import (
    as_crispy_field as crispy_as_crispy_field,
)
from django import forms, template
from django.conf import settings
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from clinic.renderers import flat_attrs, shown

register = template.Library()
_e = conditional_escape


@register.filter
def as_crispy_field(field):
    """Render one bound field as crispy's bootstrap5 pack does."""
    render = _renderer_for(field)
    if render is None:
        return crispy_as_crispy_field(field)
    return mark_safe(render(field))


def _renderer_for(field):
    widget = field.field.widget
    if (
        getattr(field.form, "helper", None) is not None
        or field.is_hidden
        or isinstance(widget, forms.FileInput | forms.MultiWidget)
        or hasattr(widget, "widget")  # a wrapper such as the admin's
    ):
        return None
    if isinstance(widget, forms.CheckboxInput):
        return _checkbox
    if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple
        return _choices
    return _control


def _control(field):
    """A text-like input, a text area or a select, with its label above it."""
    widget = field.field.widget
    control = "form-select" if isinstance(widget, forms.Select) else "form-control"
    invalid = " is-invalid" if field.errors else ""
    _add_classes(widget, f"{control}{invalid}")
    return _wrapper(field, f"{field}\n{_errors(field)}{_help_text(field)}")


def _checkbox(field):
    invalid = " is-invalid" if field.errors else ""
    _add_classes(field.field.widget, f"form-check-input{invalid}")
    label = (
        f'<label for="{_e(field.id_for_label)}" class="form-check-label'
        f'{_required_class(field)}">\n{_label_text(field)}\n</label>\n'
    )
    inner = f"{field}\n{label}{_errors(field)}{_help_text(field)}"
    classes = _e(_joined("form-check", field.css_classes()))
    return (
        f'<div class="mb-3">\n<div id="div_{_e(field.auto_id)}" class="{classes}">\n'
        f"{inner}</div>\n</div>"
    )


def _choices(field):
    """Radio buttons or checkboxes, one form-check each, in a fieldset."""
    invalid = " is-invalid" if field.errors else ""
    groups = _optgroups(field)
    options = []
    for group_number, (group, group_options, _index) in enumerate(groups, start=1):
        if group:
            options.append(f"<strong>{shown(group)}</strong>\n")
        for number, option in enumerate(group_options, start=1):
            last = number == len(group_options) and group_number == len(groups)
            errors = _errors(field) if last else ""
            value = conditional_escape(formats.localize(option["value"], False))
            label = conditional_escape(formats.localize(option["label"], False))
            options.append(
                f'<div class="form-check">\n<input type="{option["type"]}" '
                f'class="form-check-input{invalid}" name="{_e(field.html_name)}" '
                f'value="{value}"{flat_attrs(option["attrs"])}>\n'
                f'<label for="{_e(option["attrs"].get("id", ""))}" '
                f'class="form-check-label">\n{label}\n</label>\n{errors}</div>\n'
            )
    body = f"<div>\n{''.join(options)}</div>\n{_help_text(field)}"
    return _wrapper(field, body)


def _optgroups(field):
    """The options as crispy's `optgroups` filter lists them."""
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    values = widget.format_value(field.value())
    return widget.optgroups(field.html_name, values, attrs)


def _wrapper(field, body):
    """The div around a field, with its label (a legend in a fieldset) first."""
    classes = _e(_joined("mb-3", field.css_classes()))
    label = ""
    fieldset = field.use_fieldset and field.label
    if field.label:
        tag = "legend" if field.use_fieldset else "label"
        target = f' for="{_e(field.id_for_label)}"' if field.id_for_label else ""
        size = " fs-6" if field.use_fieldset else ""
        label = (
            f'<{tag}{target} class="form-label{_required_class(field)}{size}">\n'
            f"{_label_text(field)}\n</{tag}>\n"
        )
        if fieldset:
            described = field.aria_describedby
            described = f' aria-describedby="{_e(described)}"' if described else ""
            label = f"<fieldset{described}>\n{label}"
    end = "</fieldset>\n" if fieldset else ""
    wrapper = f'<div id="div_{_e(field.auto_id)}" class="{classes}">'
    return f"{wrapper}\n{label}{body}{end}</div>"


def _label_text(field):
    text = conditional_escape(field.label)
    if field.field.required:
        text += mark_safe('<span class="asteriskField">*</span>')
    return text


def _required_class(field):
    return " requiredField" if field.field.required else ""


def _errors(field):
    if not field.errors:
        return ""
    paragraphs = "".join(
        f'<p id="error_{number}_{_e(field.auto_id)}"><strong>'
        f"{conditional_escape(error)}</strong></p>\n"
        for number, error in enumerate(field.errors, start=1)
    )
    return (
        f'<div id="{_e(field.errors.field_id)}_error" class="invalid-feedback">\n'
        f"{paragraphs}</div>\n"
    )


def _help_text(field):
    if not field.help_text:
        return ""
    target = f'id="{_e(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {target}class="form-text">{field.help_text}</div>\n'


def _add_classes(widget, extra):
    """Add the widget's own class name and `extra` to its class, as crispy does."""
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    name = widget.__class__.__name__.lower()
    name = converters.get(name, name)
    css_class = widget.attrs.get("class", "")
    if not css_class:
        css_class = name
    elif css_class.find(name) == -1:
        css_class += f" {name}"
    classes = css_class.split()
    css_class += "".join(f" {c}" for c in extra.split() if c not in classes)
    widget.attrs["class"] = css_class


def _joined(*classes):
    return " ".join(c for c in classes if c)
