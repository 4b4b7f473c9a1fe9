"""Drug holds as the patient reads them: the date of the last dose, not a count.

CLINICAL.md section 2 gives holds in days before the procedure (SIR 2019: warfarin
"withhold 5 days", apixaban "withhold 4 doses (2 days)"). Here a hold of N days
means N whole calendar days with no dose between the last dose and the procedure
day, in the clinic's time zone, and no dose on the procedure day before it: the last
dose is on the procedure's local date minus N + 1 days. That is what makes "4 doses
(2 days)" of a twice-daily drug come out right for a morning procedure, and it
counts weekend days like any other (the drug is in the body on Sunday too). The time
of day of the procedure never moves the date: an afternoon procedure gets the same,
slightly longer, hold.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intake.dispositions import HOLDS, entry_names
from intake.models import CLEARING


def last_dose_date(scheduled_at, hold_days):
    """Return the local date of the last dose before a hold of hold_days days."""
    procedure_day = timezone.localtime(scheduled_at).date()
    return procedure_day - dt.timedelta(days=hold_days + 1)


@dataclass(frozen=True)
class Hold:
    """One drug the patient stops, with the date of the last dose."""

    drug: str
    last_dose: dt.date

    @property
    def sentence(self):
        """Return the patient's sentence for the hold, with the restart rule."""
        return _(
            "Take your last dose of %(drug)s on %(date)s. Do not take it after "
            "that; restart it when the radiologist tells you."
        ) % {
            "drug": self.drug,
            "date": date_format(self.last_dose, "PATIENT_DAY_FORMAT"),
        }


def holds_for(flags, scheduled_at):
    """Return the holds of resolved flags, earliest last dose first."""
    holds = [
        Hold(
            drug=", ".join(entry_names(flag.evidence)) or _("this medicine"),
            last_dose=last_dose_date(scheduled_at, flag.hold_days),
        )
        for flag in flags
        if flag.disposition in HOLDS and flag.hold_days
    ]
    return sorted(holds, key=lambda hold: (hold.last_dose, hold.drug))


def hold_instructions(holds):
    """Return instruction text naming each hold's last-dose date, for the form."""
    return "\n".join(hold.sentence for hold in holds)


def patient_holds(intake):
    """Return the holds a cleared patient follows; none before or without clearance."""
    # A patient told not to come is not told to stop a drug either.
    if intake.decision not in CLEARING:
        return []
    return holds_for(intake.flags.all(), intake.appointment.scheduled_at)
