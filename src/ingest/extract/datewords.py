"""The words dates are written with, as tables: month names by family, units, day words.

Every table row says who writes it (the outlet or CMS family, or the region), so that a
spelling is added where its readers are and never fitted to one page. ``dates.py`` builds
its patterns from these tables; nothing here matches text itself except the normaliser.

Keys are normalised as ``normalize_date_text`` leaves them: ا for أإآٱ, ه for ة, ي for ى,
Western digits, no tashkeel or tatweel. Latin words are lower case.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- normalisation (for matching only; the caller's text is never changed) -----------------

DELETED = (
    [chr(c) for c in range(0x064B, 0x0653)]  # tashkeel: the dhamma of the aggregator's منذُ
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings; ar-ly writes D/\u200fM
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_TABLE: dict[int, int | None] = {ord(c): None for c in DELETED}
_TABLE.update({ord(a): ord(b) for a, b in zip("٠١٢٣٤٥٦٧٨٩", "0123456789", strict=True)})
_TABLE.update({ord(a): ord(b) for a, b in zip("۰۱۲۳۴۵۶۷۸۹", "0123456789", strict=True)})
_TABLE.update({ord(c): ord("ا") for c in "أإآٱ"})
_TABLE.update({ord("ى"): ord("ي"), ord("ی"): ord("ي"), ord("ة"): ord("ه"), ord("ک"): ord("ك")})
_TABLE.update({ord("،"): ord(","), ord("؛"): ord(";"), ord("٫"): ord("."), ord("٬"): ord(",")})
_TABLE.update({ord(c): ord(" ") for c in "\u00a0\u202f\u3000\t\r\n"})
_TABLE.update({c: ord(" ") for c in range(0x2000, 0x200B)})
DELETED_SET = frozenset(DELETED)
TRAILING_MARKS = frozenset(DELETED[:10])  # tashkeel, superscript alef, tatweel


def normalize_date_text(text: str) -> str:
    """Fold digits, hamza, tashkeel and bidi marks so one pattern matches every spelling."""
    return text.translate(_TABLE)


# --- months ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFamily:
    """Twelve month names as one family writes them, January first; "a|b" for variants."""

    family: str
    names: tuple[str, ...]


GREGORIAN_MONTHS: tuple[MonthFamily, ...] = (
    MonthFamily(
        "Egyptian/Gulf names: every post-2011 Libyan sample (moment's ar-ly locale)",
        ("يناير", "فبراير", "مارس", "ابريل|ابرايل", "مايو", "يونيو|يونيه", "يوليو|يوليه",
         "اغسطس|اغسطوس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر"),
    ),
    MonthFamily(
        "Levantine (Syriac) names: Lebanese, Syrian and Jordanian outlets reporting on Libya",
        ("كانون الثاني|كانون ثاني", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب",
         "ايلول", "تشرين الاول|تشرين اول", "تشرين الثاني|تشرين ثاني", "كانون الاول|كانون اول"),
    ),
    MonthFamily(
        "Algerian/Tunisian names, from French: Maghrebi outlets and their Libyan neighbours",
        ("جانفي", "فيفري", "مارس", "افريل", "ماي", "جوان", "جويليه", "اوت", "سبتمبر", "اكتوبر",
         "نوفمبر", "ديسمبر"),
    ),
    MonthFamily(
        "Moroccan names: Hespress, Le360 and other Moroccan outlets",
        ("يناير", "فبراير", "مارس", "ابريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "اكتوبر",
         "نونبر", "دجنبر"),
    ),
    MonthFamily(
        "English: Libya Herald, Libya Observer, agency wires",
        ("january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul",
         "august|aug", "september|sept|sep", "october|oct", "november|nov", "december|dec"),
    ),
    # Abbreviations that are ordinary words ("set", "gen") are left out of the three below.
    MonthFamily(
        "French: Maghrebi francophone press and Jeune Afrique bylines ('30 septembre 2018')",
        ("janvier|janv", "février|fevrier|févr|fevr", "mars", "avril|avr", "mai", "juin",
         "juillet|juil", "août|aout", "septembre", "octobre", "novembre", "décembre|decembre|déc"),
    ),
    MonthFamily(
        "Italian: Agenzia Nova and Italian outlets covering Libya",
        ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
         "settembre", "ottobre", "novembre", "dicembre"),
    ),
    MonthFamily(
        "German: Latin-script bylines elsewhere ('07 Dezember, 2022')",
        ("januar|jänner|jaenner", "februar", "märz|maerz|mär", "april", "mai", "juni", "juli",
         "august", "september", "oktober|okt", "november", "dezember|dez"),
    ),
)  # fmt: skip

HIJRI_MONTHS = MonthFamily(
    "Hijri months: Libyan official statements and Gulf outlets date in both calendars",
    ("محرم", "صفر", "ربيع الاول|ربيع اول", "ربيع الثاني|ربيع الاخر|ربيع ثاني",
     "جمادي الاولي|جمادي الاول|جمادي اولي", "جمادي الثانيه|جمادي الاخره|جمادي الثاني|جمادي الاخر",
     "رجب", "شعبان", "رمضان", "شوال", "ذو القعده|ذي القعده", "ذو الحجه|ذي الحجه"),
)  # fmt: skip

# Gaddafi-era calendar (outlets.md 4.4), pre-2011 archives only: off by default, since
# الربيع and الصيف are ordinary words. Years counted from the Prophet's death: +632.
JAMAHIRIYA_MONTHS = MonthFamily(
    "Jamahiriya calendar: Libyan state media 1979-2011 (JANA, Al-Jamahiriya)",
    ("اي النار|اين النار", "النوار", "الربيع", "الطير", "الماء", "الصيف", "ناصر",
     "هانيبال|هنيبال", "الفاتح", "التمور", "الحرث", "الكانون"),
)  # fmt: skip
JAMAHIRIYA_YEAR_OFFSET = 632


def month_lookup(*families: MonthFamily) -> dict[str, int]:
    """Spelling -> month number over ``families``."""
    found: dict[str, int] = {}
    for family in families:
        for number, names in enumerate(family.names, start=1):
            for name in names.split("|"):
                found[name] = number
    return found


# --- counts and units ------------------------------------------------------------------------

NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "واحده": 1, "اثنين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4,
    "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثماني": 8,
    "ثمان": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10, "بضع": 3, "بضعه": 3,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "few": 3, "a few": 3,
}  # fmt: skip

MINUTE_SECS, HOUR_SECS, DAY_SECS = 60, 3600, 86400
# Arabic unit words: (seconds, count the word itself implies: 1 singular, 2 dual, None plural)
ARABIC_UNITS: dict[str, tuple[int, int | None]] = {
    "ثانيه": (1, 1), "ثانيتين": (1, 2), "ثانيتان": (1, 2), "ثوان": (1, None), "ثواني": (1, None),
    "دقيقه": (MINUTE_SECS, 1), "دقيقتين": (MINUTE_SECS, 2), "دقيقتان": (MINUTE_SECS, 2),
    "دقائق": (MINUTE_SECS, None),
    "ساعه": (HOUR_SECS, 1), "ساعتين": (HOUR_SECS, 2), "ساعتان": (HOUR_SECS, 2),
    "ساعات": (HOUR_SECS, None),
    "يوم": (DAY_SECS, 1), "يوما": (DAY_SECS, 1), "يومين": (DAY_SECS, 2), "يومان": (DAY_SECS, 2),
    "ايام": (DAY_SECS, None),
    "اسبوع": (7 * DAY_SECS, 1), "اسبوعا": (7 * DAY_SECS, 1), "اسبوعين": (7 * DAY_SECS, 2),
    "اسبوعان": (7 * DAY_SECS, 2), "اسابيع": (7 * DAY_SECS, None),
    "شهر": (30 * DAY_SECS, 1), "شهرا": (30 * DAY_SECS, 1), "شهرين": (30 * DAY_SECS, 2),
    "شهران": (30 * DAY_SECS, 2), "اشهر": (30 * DAY_SECS, None), "شهور": (30 * DAY_SECS, None),
    "سنه": (365 * DAY_SECS, 1), "سنتين": (365 * DAY_SECS, 2), "سنتان": (365 * DAY_SECS, 2),
    "سنوات": (365 * DAY_SECS, None), "سنين": (365 * DAY_SECS, None), "عام": (365 * DAY_SECS, 1),
    "عاما": (365 * DAY_SECS, 1), "عامين": (365 * DAY_SECS, 2), "عامان": (365 * DAY_SECS, 2),
    "اعوام": (365 * DAY_SECS, None),
}  # fmt: skip
# English units, singular; the plural "s" is optional in the pattern
ENGLISH_UNITS: dict[str, int] = {
    "second": 1, "sec": 1, "minute": MINUTE_SECS, "min": MINUTE_SECS, "hour": HOUR_SECS,
    "hr": HOUR_SECS, "day": DAY_SECS, "week": 7 * DAY_SECS, "month": 30 * DAY_SECS,
    "year": 365 * DAY_SECS,
}  # fmt: skip
# Words that open an Arabic duration ("منذ 3 ساعات", "قبل ساعتين") and hedge its count
AGO_WORDS = ("منذ", "قبل")
ABOUT_WORDS = ("حوالي", "نحو", "قرابه", "ما يقارب", "زهاء")
# "منذ 1 يوم، 3 ساعات", "منذ يومين و 4 ساعات", "1 day, 3 hours ago": what joins two parts
DURATION_JOINERS = (",", "و", "and", "&")


@dataclass(frozen=True)
class DayWord:
    """A word naming a day by its distance from today, and who writes it."""

    word: str
    days_back: int
    family: str


DAY_WORDS: tuple[DayWord, ...] = (
    DayWord("اليوم", 0, "Arabic bylines: 'اليوم 10:30' on aggregators and Jannah themes"),
    DayWord("امس", 1, "Arabic bylines: 'أمس الساعة 10:30 مساءً' (utility-class themes)"),
    DayWord("الامس", 1, "Arabic bylines, with the article"),
    DayWord("البارحه", 1, "Levantine and Libyan colloquial 'yesterday'"),
    DayWord("اليوم السابق", 1, "'the previous day': custom Libyan CMSs' relative labels"),
    DayWord("اول امس", 2, "'the day before yesterday'"),
    DayWord("اول من امس", 2, "'the day before yesterday', the fuller form of agencies"),
    DayWord("اول البارحه", 2, "colloquial 'the day before yesterday'"),
    DayWord("غدا", -1, "scheduled items: 'غدا 10:00'"),
    DayWord("today", 0, "English bylines"),
    DayWord("yesterday", 1, "English bylines"),
    DayWord("tomorrow", -1, "English schedules"),
)

# --- the clock ---------------------------------------------------------------------------------

MERIDIEM_PM = frozenset({"مساء", "م", "pm", "p.m.", "p.m", "عصرا", "ليلا", "مساءا"})
MERIDIEM_AM = frozenset({"صباحا", "صباح", "ص", "am", "a.m.", "a.m", "فجرا"})
MERIDIEM_NOON = "ظهرا"  # "1:30 ظهرا" is early afternoon; "11:30 ظهرا" late morning
UTC_WORDS = r"(?:z|utc|gmt|بتوقيت\s+(?:غرينتش|جرينتش|غرينيتش))"

# Python's weekday numbers (Monday 0): a weekday written beside a Hijri date settles the
# arithmetic calendar's one-day uncertainty ("الأحد 14 رمضان 1432 هـ").
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5,
    "الاحد": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip


@dataclass(frozen=True)
class TodayLabel:
    """A label that names the visitor's day, not the article's, and where it is seen."""

    label: str
    family: str


# A date after one of these dates the visit: a masthead's "today" line that a body or a
# lead paragraph swept up (old ASP and Joomla templates print it inside the menu row).
TODAY_LABELS: tuple[TodayLabel, ...] = (
    TodayLabel("اليوم:", "Arabic mastheads: 'اليوم: الخميس 16 يناير 2025' (ASP, Joomla 1.5)"),
    TodayLabel("تاريخ اليوم", "Arabic mastheads: 'تاريخ اليوم: ...'"),
    TodayLabel("today:", "English mastheads"),
    TodayLabel("today is", "English mastheads"),
    TodayLabel("heute:", "German mastheads"),
    TodayLabel("aujourd'hui:", "French mastheads"),
)
