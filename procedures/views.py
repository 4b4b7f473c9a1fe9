from django.shortcuts import get_object_or_404, render

from procedures.models import Phase, Procedure


def procedure_list(request):
    procedures = Procedure.objects.offered().only("name", "slug", "summary")
    return render(request, "procedures/procedure_list.html", {"procedures": procedures})


def procedure_detail(request, slug):
    procedure = get_object_or_404(
        Procedure.objects.published().prefetch_related(
            "benefits", "risks", "instructions"
        ),
        slug=slug,
    )
    instructions = list(procedure.instructions.all())
    context = {
        "procedure": procedure,
        "before": [i for i in instructions if i.phase == Phase.BEFORE],
        "day_of": [i for i in instructions if i.phase == Phase.DAY_OF],
        "after": [i for i in instructions if i.phase == Phase.AFTER],
    }
    return render(request, "procedures/procedure_detail.html", context)
