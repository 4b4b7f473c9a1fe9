"""Helpers for the catalog's admin pages."""

from procedures.models import Procedure


def change_url(slug):
    return f"/admin/procedures/procedure/{Procedure.objects.get(slug=slug).pk}/change/"


def admin_form_data(client, url):
    """Read the admin change form back as the POST data a browser would send."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {
        name: field.initial if not callable(field.initial) else field.initial()
        for name, field in form.fields.items()
    }
    data.update({k: v for k, v in form.initial.items() if v is not None})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    # The history (revert) form has no inlines.
    inlines = response.context.get("inline_admin_formsets") or []
    for formset in inlines:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name, value in inline_form.initial.items():
                data[f"{prefix}-{index}-{name}"] = value
            data[f"{prefix}-{index}-id"] = inline_form.instance.pk
            data[f"{prefix}-{index}-procedure"] = inline_form.instance.procedure_id
    return data
