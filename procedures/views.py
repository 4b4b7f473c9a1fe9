from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from procedures.localization import ITEMS, in_language, shown_in_language
from procedures.models import Phase, Procedure


def procedure_list(request):
    procedures = Procedure.objects.offered().prefetch_related(*ITEMS)
    context = {"procedures": shown_in_language(procedures, get_language())}
    return render(request, "procedures/procedure_list.html", context)


def procedure_detail(request, slug):
    procedure = get_object_or_404(
        Procedure.objects.published().prefetch_related(*ITEMS), slug=slug
    )
    procedure = in_language(procedure, get_language())
    instructions = list(procedure.instructions.all())
    context = {
        "procedure": procedure,
        "before": [i for i in instructions if i.phase == Phase.BEFORE],
        "day_of": [i for i in instructions if i.phase == Phase.DAY_OF],
        "after": [i for i in instructions if i.phase == Phase.AFTER],
    }
    return render(request, "procedures/procedure_detail.html", context)
