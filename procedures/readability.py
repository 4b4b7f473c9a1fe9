"""Reading grades of the patient text, for the content admin (plain language, issue 12).

English: Flesch-Kincaid grade. Spanish: Fernández-Huerta reading ease (0-100, higher
is easier), shown with the school grade its band stands for. textstat 0.7.4 counts
syllables with pyphen's bundled dictionaries, so nothing is fetched at run time.
"""

import textstat

MAX_GRADE = 8
# Fernández-Huerta bands as school grades (Flesch's table): 90+ is grade 5, 80-90
# grade 6, 70-80 grade 7, 60-70 grades 8-9, 50-60 grades 10-12, below is college.
_SPANISH_BANDS = ((90, 5), (80, 6), (70, 7), (60, 9), (50, 12))
SECTIONS = ("summary", "what_it_is", "what_to_expect", "recovery", "expected_results")


def english_grade(text):
    """Return the Flesch-Kincaid grade of the text, or None when it is empty."""
    if not text.strip():
        return None
    textstat.set_lang("en_US")
    return round(textstat.flesch_kincaid_grade(text), 1)


def spanish_grade(text):
    """Return (Fernández-Huerta ease, school grade of its band), or None."""
    if not text.strip():
        return None
    textstat.set_lang("es")
    ease = round(textstat.fernandez_huerta(text), 1)
    grade = next((grade for low, grade in _SPANISH_BANDS if ease >= low), 13)
    return ease, grade


def procedure_grades(procedure):
    """Yield (section, English grade, Spanish (ease, grade)) for each text section."""
    for field in SECTIONS:
        label = procedure._meta.get_field(field).verbose_name
        english, spanish = getattr(procedure, field), getattr(procedure, f"{field}_es")
        yield label, english_grade(english), spanish_grade(spanish)
    for name in ("benefits", "risks", "instructions"):
        items = list(getattr(procedure, name).all())
        english = " ".join(item.text for item in items)
        spanish = " ".join(item.text_es for item in items)
        yield name, english_grade(english), spanish_grade(spanish)


def too_hard(english, spanish):
    """Return whether either language reads above MAX_GRADE."""
    return (english or 0) > MAX_GRADE or (
        spanish is not None and spanish[1] > MAX_GRADE
    )
