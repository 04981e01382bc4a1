"""The word tables: complete families, one meaning per spelling, normalised keys."""

from __future__ import annotations

import pytest

from ingest.extract import datewords
from ingest.extract.datewords import (
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    JAMAHIRIYA_MONTHS,
    month_lookup,
    normalize_date_text,
)


@pytest.mark.parametrize(
    "family", [*GREGORIAN_MONTHS, HIJRI_MONTHS, JAMAHIRIYA_MONTHS], ids=lambda f: f.family[:30]
)
def test_every_family_names_twelve_months_in_normalised_spelling(
    family: datewords.MonthFamily,
) -> None:
    assert len(family.names) == 12
    assert family.family
    for names in family.names:
        for name in names.split("|"):
            assert name == normalize_date_text(name).lower()


def test_no_spelling_means_two_months() -> None:
    seen: dict[str, int] = {}
    for family in GREGORIAN_MONTHS:
        for number, names in enumerate(family.names, start=1):
            for name in names.split("|"):
                assert seen.setdefault(name, number) == number, name
    assert month_lookup(*GREGORIAN_MONTHS)["شتنبر"] == 9


def test_rows_say_who_writes_them() -> None:
    assert all(row.family for row in datewords.DAY_WORDS)
    assert all(row.family for row in datewords.TODAY_LABELS)
    words = [row.word for row in datewords.DAY_WORDS]
    assert len(words) == len(set(words))
    assert all(w == normalize_date_text(w) for w in words)


def test_normalisation_folds_digits_marks_and_hamza() -> None:
    assert normalize_date_text("٢٩ نوفمبر ٢٠٢٦، ٠٨:٥٧ مساءً") == "29 نوفمبر 2026, 08:57 مساء"
    assert normalize_date_text("إبريل\u200f أيار مـــارس") == "ابريل ايار مارس"
    assert normalize_date_text("الجمعة الأولى") == "الجمعه الاولي"
