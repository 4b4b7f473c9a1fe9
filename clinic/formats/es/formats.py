# "martes 8 de diciembre de 2026, 9:30 a.m.": the order a Spanish reader expects.
PATIENT_DATETIME_FORMAT = r"l j \d\e F \d\e Y, g:i A"
PATIENT_DAY_FORMAT = r"l j \d\e F"
PATIENT_DATE_FORMAT = r"j \d\e F \d\e Y"
