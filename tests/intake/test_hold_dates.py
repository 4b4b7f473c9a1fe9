"""Holds become dates: what "N days" means, at the boundaries (intake/holds.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from intake.holds import Hold, hold_instructions, last_dose_date

NEW_YORK = ZoneInfo("America/New_York")


def _at(*args):
    return dt.datetime(*args, tzinfo=NEW_YORK)


@pytest.fixture(autouse=True)
def clinic_zone(settings):
    settings.TIME_ZONE = "America/New_York"


@pytest.mark.parametrize(
    "scheduled_at,days,last_dose",
    [
        # Thursday 8 AM, apixaban "4 doses (2 days)": last dose Monday evening,
        # none on Tuesday, Wednesday or Thursday morning.
        (_at(2026, 12, 3, 8, 0), 2, dt.date(2026, 11, 30)),
        # The same day in the afternoon: the date does not move.
        (_at(2026, 12, 3, 16, 30), 2, dt.date(2026, 11, 30)),
        # Just after midnight is already that day.
        (_at(2026, 12, 3, 0, 15), 2, dt.date(2026, 11, 30)),
        # Monday procedure: the weekend counts like any other days.
        (_at(2026, 12, 7, 8, 0), 2, dt.date(2026, 12, 4)),
        (_at(2026, 12, 7, 8, 0), 5, dt.date(2026, 12, 1)),
        (_at(2026, 12, 7, 8, 0), 1, dt.date(2026, 12, 5)),
        # Warfarin, 5 days before a Tuesday: last dose the Wednesday before.
        (_at(2026, 12, 8, 9, 30), 5, dt.date(2026, 12, 2)),
    ],
)
def test_the_last_dose_leaves_n_whole_days_before_the_procedure_day(
    scheduled_at, days, last_dose
):
    assert last_dose_date(scheduled_at, days) == last_dose


def test_the_clinic_time_zone_decides_the_procedure_day():
    # 3:30 AM in UTC on Thursday is still Wednesday evening in New York.
    scheduled_at = dt.datetime(2026, 12, 3, 3, 30, tzinfo=dt.UTC)

    assert last_dose_date(scheduled_at, 2) == dt.date(2026, 11, 29)


def test_a_daylight_saving_change_does_not_shift_the_date():
    # Clocks go back on Sunday, November 1, 2026.
    assert last_dose_date(_at(2026, 11, 2, 8, 0), 2) == dt.date(2026, 10, 30)


def test_the_patient_reads_a_weekday_and_a_date_and_the_restart_rule():
    hold = Hold(drug="Eliquis", last_dose=dt.date(2026, 12, 1))

    with translation.override("en"):
        text = hold_instructions([hold])

    assert text.startswith("Take your last dose of Eliquis on Tuesday, December 1.")
    assert "restart it when the radiologist tells you" in text
