"""The arithmetic Hijri calendar against days that Umm al-Qura and Libya announced."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.extract.hijri import hijri_jdn, to_gregorian


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [
        ((1432, 9, 1), date(2011, 8, 1)),  # Ramadan 1432
        ((1445, 9, 1), date(2024, 3, 11)),  # Ramadan 1445
        ((1446, 9, 1), date(2025, 3, 1)),  # Ramadan 1446
        ((1400, 1, 1), date(1979, 11, 21)),  # 1 Muharram 1400 (Umm al-Qura: 20 November)
    ],
)
def test_known_first_days(hijri: tuple[int, int, int], gregorian: date) -> None:
    assert to_gregorian(*hijri) == gregorian


@pytest.mark.parametrize(
    ("hijri", "announced"),
    [
        ((1444, 10, 1), date(2023, 4, 21)),  # Eid al-Fitr 1444
        ((1447, 1, 1), date(2025, 6, 26)),  # 1 Muharram 1447
        ((1446, 12, 10), date(2025, 6, 6)),  # Eid al-Adha 1446
    ],
)
def test_within_a_day_of_the_announced_day(hijri: tuple[int, int, int], announced: date) -> None:
    assert abs((to_gregorian(*hijri) - announced).days) <= 1


def test_a_written_weekday_settles_the_day() -> None:
    assert to_gregorian(1446, 12, 10, weekday=4) == date(2025, 6, 6)  # Friday
    assert to_gregorian(1432, 9, 14, weekday=6) == date(2011, 8, 14)  # Sunday, as computed
    # a weekday three days off names another date: the computed day stands
    assert to_gregorian(1432, 9, 14, weekday=2) == date(2011, 8, 14)


@pytest.mark.parametrize(
    ("y", "m", "d"), [(1432, 13, 1), (1432, 0, 1), (1432, 9, 31), (1300, 1, 1)]
)
def test_impossible_or_old_dates_are_refused(y: int, m: int, d: int) -> None:
    with pytest.raises(ValueError):
        to_gregorian(y, m, d)


@given(st.integers(1400, 1499), st.integers(1, 12), st.integers(1, 29))
def test_days_follow_each_other(year: int, month: int, day: int) -> None:
    assert hijri_jdn(year, month, day + 1) == hijri_jdn(year, month, day) + 1
    assert hijri_jdn(year + 1, 1, 1) - hijri_jdn(year, 1, 1) in (354, 355)
