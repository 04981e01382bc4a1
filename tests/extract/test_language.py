"""Language: script first, py3langid within a script, declarations where they agree."""

from __future__ import annotations

import pytest

from ingest.extract import language
from ingest.extract.language import detect_language, identify_latin, primary_code


def test_arabic_text_is_arabic_whatever_the_page_says() -> None:
    assert detect_language("أعلنت الحكومة الليبية اليوم", [("en", "html-lang")]) == ("ar", "script")
    assert detect_language("أعلنت الحكومة الليبية اليوم", [("ar-LY", "html-lang")]) == (
        "ar",
        "html-lang",
    )


def test_declared_latin_language_is_trusted_for_latin_text() -> None:
    assert detect_language("The House of Representatives met", [("en-US", "og-locale")]) == (
        "en",
        "og-locale",
    )


def test_undeclared_latin_text_goes_to_langid() -> None:
    text = "Le gouvernement libyen a annoncé lundi la reprise de la production de pétrole."
    assert detect_language(text, [("ar", "html-lang")]) == ("fr", "langid")
    english = "The National Oil Corporation said on Monday that production had resumed."
    assert detect_language(english) == ("en", "langid")


def test_no_letters_uses_the_declaration_or_the_source() -> None:
    assert detect_language("2026 - 12", [("ar", "html-lang")]) == ("ar", "html-lang")
    assert detect_language("", fallback="ar") == ("ar", "source")
    assert detect_language("") == (None, "none")


def test_primary_code() -> None:
    assert primary_code("ar_LY") == "ar"
    assert primary_code("EN-gb") == "en"
    assert primary_code("arabic") is None


RUSSIAN = (
    "Правительство Ливии объявило в понедельник о возобновлении добычи нефти на крупнейшем"
    " месторождении страны после двухнедельной остановки."
)
CHINESE = "利比亚国家石油公司周一宣布，该国最大油田在停产两周后恢复生产。官员表示，产量将逐步恢复。"
SPANISH = (
    "El gobierno libio anunció el lunes la reanudación de la producción de petróleo en el"
    " mayor yacimiento del país tras dos semanas de cierre."
)
ARABIC = "أعلنت المؤسسة الوطنية للنفط يوم الاثنين استئناف الإنتاج في أكبر حقل نفطي في البلاد."


def test_cyrillic_text_is_never_given_a_latin_language() -> None:
    assert detect_language(RUSSIAN) == ("ru", "langid")
    assert detect_language(RUSSIAN, [("tr", "html-lang")]) == ("ru", "langid")
    assert detect_language(RUSSIAN, [("ru-RU", "og-locale")]) == ("ru", "og-locale")


def test_a_script_of_one_language_overrules_the_declaration() -> None:
    assert detect_language(CHINESE, [("en", "html-lang")]) == ("zh", "script")
    japanese = "リビア国営石油会社は月曜日、国内最大の油田で生産を再開したと発表した。"
    assert detect_language(japanese, [("en", "html-lang")]) == ("ja", "script")
    greek = "Η Ελλάδα και η Λιβύη υπέγραψαν συμφωνία για τα θαλάσσια σύνορα."
    assert detect_language(greek) == ("el", "script")
    assert (
        detect_language("정부는 월요일 석유 생산 재개를 발표했다고 밝혔다", [("en", "x")])[0]
        == "ko"
    )
    assert detect_language("הממשלה הודיעה ביום שני על חידוש הפקת הנפט")[0] == "he"


def test_running_text_in_another_language_than_declared_is_that_language() -> None:
    assert detect_language(SPANISH, [("en", "html-lang")]) == ("es", "langid")
    assert detect_language(SPANISH, [("es-ES", "og-locale")]) == ("es", "og-locale")


def test_a_short_text_keeps_what_the_page_declares() -> None:
    assert detect_language("Libya", [("en", "html-lang")]) == ("en", "html-lang")
    assert detect_language("北京", [("ja", "html-lang")]) == ("ja", "html-lang")
    # A headline's few words leave the model unsure: the declaration stands.
    assert detect_language("The House met", [("en", "html-lang")]) == ("en", "html-lang")


def test_arabic_stays_arabic_unless_persian_or_urdu_letters_fill_the_text() -> None:
    assert detect_language(ARABIC, [("fa", "html-lang")]) == ("ar", "script")
    assert detect_language(ARABIC + " زيارة وفد من كرمان ومشهد وگيلان") == ("ar", "script")
    persian = (
        "شرکت ملی نفت لیبی روز دوشنبه اعلام کرد که تولید در بزرگترین میدان نفتی این کشور"
        " پس از دو هفته توقف از سر گرفته شده است."
    )
    assert detect_language(persian) == ("fa", "langid")
    urdu = (
        "لیبیا کی قومی تیل کمپنی نے پیر کے روز اعلان کیا کہ ملک کے سب سے بڑے تیل کے میدان میں"
        " پیداوار دو ہفتوں کی بندش کے بعد دوبارہ شروع ہو گئی ہے۔"
    )
    assert detect_language(urdu) == ("ur", "langid")


def test_a_long_arabic_text_is_counted_not_modelled(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(text: str, languages: object) -> tuple[str, float]:
        raise AssertionError("the language model was run on plain Arabic")

    monkeypatch.setattr(language, "identify", no_model)
    assert detect_language(ARABIC * 50, [("ar", "html-lang")]) == ("ar", "html-lang")
    assert detect_language(ARABIC * 50) == ("ar", "script")


def test_identify_latin_ignores_other_scripts() -> None:
    assert identify_latin(RUSSIAN) is None
    assert identify_latin(SPANISH) == "es"
