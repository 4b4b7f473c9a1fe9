from django import template

from intake.export.digest import answers_digest as digest_of

register = template.Library()


@register.simple_tag
def answers_digest(intake):
    """Return the SHA-256 of the intake's frozen answers (as on its chart PDF)."""
    return digest_of(intake.answers)
