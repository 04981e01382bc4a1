"""Author names: bylines reduced to the name, or None for what names nobody."""

from __future__ import annotations

from ingest.extract.author_names import clean_author, fold, marked_name


def test_clean_author_strips_prefixes_and_dates() -> None:
    assert clean_author("Posted by T. V. Raman") == "T. V. Raman"
    assert clean_author("بقلم: سالم الورفلي") == "سالم الورفلي"
    assert clean_author("MORITZ GATHMANN am 21. April 2020") == "MORITZ GATHMANN"
    assert clean_author("Von") is None
    assert clean_author("Name *") is None
    assert clean_author("https://twitter.com/x") is None


def test_cms_placeholder_accounts_are_no_author() -> None:
    for placeholder in ("admin", "Super User", "wpadmin2", "مدير الموقع", "Unknown"):
        assert clean_author(placeholder) is None, placeholder
    assert clean_author("بقلم: أحمد الفيتوري") == "أحمد الفيتوري"


def test_marked_name_needs_a_byline_position() -> None:
    assert marked_name("آخر تحرير: 12 مارس 2024") is None
    assert marked_name("Datum: 19.11.2021 Autor: Fritz Imhof Quelle: Livenet") == "Fritz Imhof"
    assert marked_name("Kritisch reisen: Von Mallorca bis Ibiza") is None
    assert marked_name("Photo by ev on Unsplash") is None
    assert marked_name("Ab sofort für Fahrzeuge von Citroen und Peugeot") is None
    assert marked_name("By " + "x" * 500) is None


def test_clean_author_rejects_dates_labels_and_handles() -> None:
    assert clean_author("19.10.19") is None
    assert clean_author("#10") is None
    assert clean_author("Quelle:") is None
    assert clean_author("Name (erforderlich)") is None
    assert clean_author("Frank B - http://example.de") is None
    assert clean_author("Williams Perdomo @wperdomod") == "Williams Perdomo"
    assert clean_author("Artikel von: hausinfo") == "hausinfo"
    assert clean_author("R. R.") == "R. R."
    assert clean_author("الجمعة") is None


def test_invisible_marks_emails_and_profile_paths_leave_the_name() -> None:
    assert clean_author("Mat\xadthi\xadas Lauerer") == "Matthias Lauerer"
    assert clean_author("\u200fهدى الترهوني\u200f") == "هدى الترهوني"
    assert clean_author("Lüder Hoppe info@buero-hoppe.de") == "Lüder Hoppe"
    assert clean_author("facebook.com/vegolosi") is None


def test_a_sentence_full_stop_goes_but_abbreviations_and_initials_stay() -> None:
    assert clean_author("By Khalid Ben Ali.") == "Khalid Ben Ali"
    assert clean_author("Perry Bacon Jr.") == "Perry Bacon Jr."
    assert clean_author("R. R.") == "R. R."


def test_editorial_desks_are_no_author() -> None:
    for desk in ("فريق التحرير", "هيئة التحرير", "Editorial Team"):
        assert clean_author(desk) is None, desk


def test_an_agency_code_after_the_writer_goes() -> None:
    assert clean_author("David Hutzler, dpa") == "David Hutzler"
    assert clean_author("Ana Li / AFP") == "Ana Li"
    assert clean_author("det/dpa") == "det/dpa"  # an agency's desk code alone is kept
    assert clean_author("Grant Tinsley, PhD") == "Grant Tinsley, PhD"
    assert (
        clean_author("Sarah Hinger, Sylvia Torres-Guillén") == "Sarah Hinger, Sylvia Torres-Guillén"
    )


def test_credit_labels_headlines_and_label_pairs_are_not_names() -> None:
    assert clean_author("Text & Fotos: Ivan Valetny") == "Ivan Valetny"
    assert clean_author("Text und Bild: Anna Meier") == "Anna Meier"
    assert clean_author("Zuletzt geändert") is None
    assert clean_author("Endlich mehr Beschleunigung wagen!") is None
    assert clean_author("هل ترتفع الأسعار؟") is None


def test_follow_buttons_repeated_names_and_comment_counts_go() -> None:
    assert clean_author("Inga Hoeltmann Follow") == "Inga Hoeltmann"
    assert clean_author("سالم الورفلي متابعة") == "سالم الورفلي"
    assert clean_author("Rezept von Zum Profil von jesusfreak jesusfreak") == "jesusfreak"
    assert clean_author("R. R.") == "R. R."
    assert clean_author("stylegart Kommentare") is None
    assert clean_author("فريق الموقع 5 تعليقات") is None


def test_a_drupal_submitted_line_gives_the_name_without_its_date() -> None:
    assert marked_name("نشر بواسطة سالم الفيتوري في الأربعاء، 25 نوفمبر") == "سالم الفيتوري"


def test_fold_drops_case_and_accents_in_any_script() -> None:
    assert fold("José") == fold("JOSE") == "jose"
    assert fold("Straße") == "strasse"
    assert fold("ﬁne") == "fine"
    assert fold("سالم") == "سالم"
