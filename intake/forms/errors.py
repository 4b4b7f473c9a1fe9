"""The error summary's items, one shape for every form: (label, message, anchor id)."""


def form_error_items(form):
    """Yield (label, message, anchor id) for each of a bound form's errors."""
    if not form.is_bound:
        return
    for error in form.non_field_errors():
        yield None, error, None
    for field in form:
        for error in field.errors:
            anchor = field.id_for_label or f"{field.auto_id}_0"
            yield field.label, error, anchor
