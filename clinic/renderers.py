"""Django's form renderer, with the common widgets written out in Python.

Every widget on a page goes through Django's widget templates, a template render
each (plus one per <option>): on a patient step with 20 fields that costs more than
the rest of the page. `FastWidgets` gives the same markup, character for
character, for the plain input, textarea and select templates, and hands every
other template to Django as before. A template a project or an app overrides
(found anywhere but in Django's own folder) is always rendered as a template.
`tests/clinic/test_renderers.py` compares both paths over random widgets.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"
INPUTS = (
    "input",
    "text",
    "hidden",
    "email",
    "number",
    "password",
    "url",
    "tel",
    "search",
    "date",
    "datetime",
    "time",
    "checkbox",
)


def _text(value):
    """A value as `{{ value|stringformat:'s' }}` prints it."""
    return value if isinstance(value, SafeData) else conditional_escape(str(value))


def shown(value):
    """A value as `{{ value }}` prints it: localized, then escaped."""
    return conditional_escape(formats.localize(value))


def flat_attrs(attrs):
    """The attributes as django/forms/widgets/attrs.html prints them."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_input(widget):
    value = widget["value"]
    typed = "" if value is None else f' value="{_text(value)}"'
    name = conditional_escape(widget["name"])
    kind = conditional_escape(widget["type"])
    return f'<input type="{kind}" name="{name}"{typed}{flat_attrs(widget["attrs"])}>'


def render_textarea(widget):
    value = widget["value"]
    text = conditional_escape(value) if value else ""
    name = conditional_escape(widget["name"])
    return f'<textarea name="{name}"{flat_attrs(widget["attrs"])}>\n{text}</textarea>'


def render_option(option):
    value, label = _text(option["value"]), shown(option["label"])
    return f'<option value="{value}"{flat_attrs(option["attrs"])}>{label}</option>\n'


def render_select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"']
    parts.append(flat_attrs(widget["attrs"]) + ">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in group_choices:
            parts.append("\n  " + render_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


FAST = {
    **{f"{WIDGETS}{name}.html": render_input for name in INPUTS},
    f"{WIDGETS}textarea.html": render_textarea,
    f"{WIDGETS}select.html": render_select,
}
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
# What those templates include: an override of any of them is honoured too.
INCLUDED = {
    render_input: (f"{WIDGETS}input.html", f"{WIDGETS}attrs.html"),
    render_textarea: (f"{WIDGETS}attrs.html",),
    render_select: (OPTION_TEMPLATE, f"{WIDGETS}attrs.html"),
}


class FastWidgets(DjangoTemplates):
    """DjangoTemplates, rendering Django's own common widget templates in Python."""

    def __init__(self):
        super().__init__()
        self._fast = {}

    def render(self, template_name, context, request=None):
        render = self._fast_path(template_name)
        widget = context.get("widget")
        if render is None or not isinstance(widget, dict):
            return super().render(template_name, context, request=request)
        if template_name.endswith("select.html") and not self._options_are_plain(
            widget
        ):
            return super().render(template_name, context, request=request)
        return render(widget).strip()

    def _fast_path(self, template_name):
        if template_name not in self._fast:
            render = FAST.get(template_name)
            names = (template_name, *INCLUDED.get(render, ()))
            if render is not None and not all(map(self._is_djangos, names)):
                render = None
            self._fast[template_name] = render
        return self._fast[template_name]

    def _is_djangos(self, template_name):
        origin = Path(self.get_template(template_name).origin.name)
        return origin.is_relative_to(DJANGO_TEMPLATES)

    @staticmethod
    def _options_are_plain(widget):
        return all(
            option.get("template_name") == OPTION_TEMPLATE
            for _name, options, _index in widget["optgroups"]
            for option in options
        )
