"""The fast widget renderer writes exactly what Django's widget templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from clinic.renderers import DJANGO_TEMPLATES, FastWidgets

TEMPLATES = DjangoTemplates()
FAST = FastWidgets()

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)
attr_names = st.sampled_from(
    ["class", "id", "list", "autocomplete", "maxlength", "aria-describedby", "a<b"]
)
attr_values = st.one_of(text, st.integers(), st.booleans(), text.map(mark_safe))
attrs = st.dictionaries(attr_names, attr_values, max_size=4)
values = st.one_of(st.none(), text, st.integers(), st.dates(), text.map(mark_safe))
# Labels need not be text: Django's templates localize numbers and dates.
labels = st.one_of(text, st.integers(), st.floats(allow_nan=False), st.dates())
choices = st.lists(st.tuples(text, labels), max_size=4)
grouped = st.lists(
    st.tuples(labels, st.lists(st.tuples(text, labels), min_size=1, max_size=3)),
    min_size=1,
    max_size=2,
)
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.CheckboxInput,
    forms.Textarea,
]


def both(widget, name, value):
    return (
        widget.render(name, value, renderer=TEMPLATES),
        widget.render(name, value, renderer=FAST),
    )


@given(st.sampled_from(WIDGETS), text, values, attrs)
def test_inputs_and_textareas_match_djangos_templates(widget_class, name, value, attrs):
    slow, fast = both(widget_class(attrs=attrs), name, value)

    assert fast == slow


@given(
    text,
    st.one_of(choices, grouped),
    st.one_of(text, st.lists(text)),
    attrs,
    st.sampled_from(["en", "es"]),
)
def test_selects_match_djangos_templates(name, options, value, attrs, language):
    with translation.override(language):
        for widget_class in (forms.Select, forms.SelectMultiple):
            widget = widget_class(attrs=attrs, choices=options)
            slow, fast = both(widget, name, value)

            assert fast == slow


class _Markup:
    """Not a safe string, though it has __html__: Django escapes it."""

    def __html__(self):
        return "<b>"

    def __str__(self):
        return "<b>"


def test_an_attribute_with_html_that_is_not_marked_safe_is_escaped():
    slow, fast = both(forms.TextInput(attrs={"data-x": _Markup()}), "n", None)

    assert fast == slow
    assert "&lt;b&gt;" in fast


@pytest.mark.parametrize(
    "widget",
    [forms.RadioSelect(choices=[("a", "A")]), forms.CheckboxSelectMultiple()],
)
def test_other_widgets_still_render_through_their_templates(widget):
    slow, fast = both(widget, "field", "a")

    assert fast == slow
    assert FAST._fast_path(widget.template_name) is None


@pytest.mark.parametrize(
    "template,markup",
    [
        ("text.html", '<input data-ours name="{{ widget.name }}">'),
        ("attrs.html", " data-ours"),  # included by the input template
    ],
)
def test_a_project_override_of_a_widget_template_is_respected(
    tmp_path, template, markup
):
    override = tmp_path / "django" / "forms" / "widgets"
    override.mkdir(parents=True)
    (override / template).write_text(markup)

    fast = _with_folder(FastWidgets, tmp_path)
    templates = _with_folder(DjangoTemplates, tmp_path)

    html = forms.TextInput().render("n", "v", renderer=fast)

    assert "data-ours" in html
    assert html == forms.TextInput().render("n", "v", renderer=templates)


def _with_folder(renderer_class, folder):
    """The renderer, finding templates in `folder` before Django's own."""

    class WithFolder(renderer_class):
        @cached_property
        def engine(self):
            return self.backend(
                {
                    "APP_DIRS": True,
                    "DIRS": [folder, DJANGO_TEMPLATES],
                    "NAME": f"with-folder-{renderer_class.__name__}",
                    "OPTIONS": {},
                }
            )

    return WithFolder()


def test_it_is_the_renderer_of_every_form(settings):
    assert settings.FORM_RENDERER == "clinic.renderers.FastWidgets"
