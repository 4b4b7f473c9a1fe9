"""A worker compiles every template before its first request."""

from django.template import engines

from clinic.warm import compile_templates


def test_every_project_template_compiles_at_start():
    names = compile_templates()

    assert "intake/patient/step.html" in names
    assert "intake/patient/steps/_medications.html" in names
    assert "base.html" in names


def test_compiled_templates_are_kept_by_the_cached_loader():
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()

    compile_templates()

    assert "intake/patient/step.html" in loader.get_template_cache
