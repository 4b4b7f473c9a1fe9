# Dates as patients read them, named so each language can order them its own way.
PATIENT_DATETIME_FORMAT = "l, F j, Y, g:i A"
PATIENT_DAY_FORMAT = "l, F j"
PATIENT_DATE_FORMAT = "F j, Y"
