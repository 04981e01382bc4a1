"""Hijri dates to Gregorian days: the arithmetic (tabular, "Kuwaiti") Islamic calendar.

Libyan official statements, Dar al-Ifta notices and Gulf outlets date in the Hijri calendar,
often beside a Gregorian date ("الأحد 14 رمضان 1432 هـ الموافق 14 أغسطس 2011"); when both
are given ``dates.py`` keeps the Gregorian one. This is our own converter, not a library's:
none is installed (dateparser's Hijri support needs ``hijri-converter``), and the whole
calendar is the formula below. Months alternate 30 and 29 days and 11 of every 30 years
are leap years (years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of the cycle, the "Kuwaiti"
set Microsoft ships), counted from the civil epoch, Friday 16 July 622 (Julian).

Error: months really begin with the sighted or computed crescent (Saudi Umm al-Qura,
Libya's own announcement), which lands on the tabular day or one day either side: the
result is right to ±1 day (on 1432-09-01 both give 1 August 2011). A weekday written
beside the date ("الأحد") settles that day: ``to_gregorian`` moves to the neighbouring
day that has the weekday, if one does.

Example::

    >>> to_gregorian(1432, 9, 14)
    datetime.date(2011, 8, 14)
"""

from __future__ import annotations

from datetime import date, timedelta

CIVIL_EPOCH_JDN = 1948440  # 1 Muharram 1 AH, Julian day number of Friday 16 July 622
JDN_OF_ORDINAL_ZERO = 1721425  # date.fromordinal(1) is Julian day number 1721426
MIN_HIJRI_YEAR = 1400  # 1979: nothing older is news to us (MIN_YEAR is 1990)
MAX_HIJRI_YEAR = 1500  # 2077
MAX_HIJRI_SHIFT_DAYS = 1  # how far a written weekday may move the tabular day


def hijri_jdn(year: int, month: int, day: int) -> int:
    """Julian day number of a tabular Hijri date (validated: month 1-12, day 1-30)."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"no Hijri date {year}-{month}-{day}")
    days_before_month = (59 * (month - 1) + 1) // 2  # ceil(29.5 * (month - 1))
    leap_days = (3 + 11 * year) // 30
    return day + days_before_month + (year - 1) * 354 + leap_days + CIVIL_EPOCH_JDN - 1


def to_gregorian(year: int, month: int, day: int, weekday: int | None = None) -> date:
    """The Gregorian day of a Hijri date, ±1 day; ``weekday`` (Monday 0) settles it."""
    if not MIN_HIJRI_YEAR <= year <= MAX_HIJRI_YEAR:
        raise ValueError(f"Hijri year {year} outside {MIN_HIJRI_YEAR}-{MAX_HIJRI_YEAR}")
    found = date.fromordinal(hijri_jdn(year, month, day) - JDN_OF_ORDINAL_ZERO)
    if weekday is None or found.weekday() == weekday:
        return found
    for shift in range(1, MAX_HIJRI_SHIFT_DAYS + 1):
        for moved in (found - timedelta(days=shift), found + timedelta(days=shift)):
            if moved.weekday() == weekday:
                return moved
    return found  # the weekday is further off than the calendars differ: not our date's
