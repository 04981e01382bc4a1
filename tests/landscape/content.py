"""Deterministic articles for the simulated outlets: text, dates and aggregator copies.

Text is built from ``vocabulary.py`` with ``random.Random(seed)``, so every run of a
landscape serves the same stories; numbers drawn per sentence keep two stories from
looking like near-duplicates of each other (only aggregator copies should).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.landscape import vocabulary as v

SEED_ARTICLE_PATH = Path(__file__).with_name("seed-article.txt")  # from shared/corpus
TRIPOLI = timezone(timedelta(hours=2), "Africa/Tripoli")  # UTC+2, no DST since 2013


def reference_time() -> datetime:
    """The newest generated article's time: the start of the current UTC hour.

    Pages are identical within the hour, and always as recent as the pipeline, whose
    routine run reads only the last days of a sitemap by the real clock: a fixed date
    here let the landscape's articles age out of that window a few days later.
    """
    return datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)


MONTHS_AR = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]
WEEKDAYS_AR = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
TATWEEL = "\u0640"
TASHKEEL_RE = re.compile("[\u064b-\u0652]")


@dataclass
class ExpectedArticle:
    """What a correct pipeline stores for one article page of the landscape."""

    outlet_id: str
    url: str
    path: str
    headline: str
    paragraphs: list[str]
    published_at: str
    author: str | None
    language: str
    original_source: str | None = None
    original_url: str | None = None
    copy_of: str | None = None
    guid: str = ""
    modified_at: str | None = None
    headings: tuple[int, ...] = ()  # indexes of paragraphs that are sub-headings
    post_id: int = 0
    caption: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # style-specific page details

    @property
    def body(self) -> str:
        """The body text as stored: paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def summary(self) -> str:
        """The first text paragraph, as feeds quote it."""
        for i, para in enumerate(self.paragraphs):
            if i not in self.headings:
                return para
        return ""


def iso_z(moment: datetime) -> str:
    """Format an aware datetime as UTC ``YYYY-MM-DDTHH:MM:SSZ``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_z(text: str) -> datetime:
    """Parse a ``...Z`` timestamp written by ``iso_z``."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def arabic_date(moment: datetime, *, weekday: bool = False) -> str:
    """``الخميس 13 أغسطس 2026`` in Tripoli time."""
    local = moment.astimezone(TRIPOLI)
    text = f"{local.day} {MONTHS_AR[local.month - 1]} {local.year}"
    return f"{WEEKDAYS_AR[local.weekday()]} {text}" if weekday else text


def arabic_clock_12h(moment: datetime) -> str:
    """``08:57 مساء``: the 12-hour clock with Arabic am/pm words, Tripoli time."""
    local = moment.astimezone(TRIPOLI)
    hour = local.hour % 12 or 12
    return f"{hour:02d}:{local.minute:02d} {'صباحا' if local.hour < 12 else 'مساء'}"


def arabic_relative(published: datetime, now: datetime) -> str:
    """``تم النشر منذُ  23 ساعة`` as libyaakhbar.com writes it (dhamma, double space)."""
    secs = max(0, int((now - published).total_seconds()))
    if secs < 3600:
        amount = arabic_count(max(1, secs // 60), "دقيقة", "دقيقتين", "دقائق")
    elif secs < 48 * 3600:
        amount = arabic_count(secs // 3600, "ساعة واحدة", "ساعتين", "ساعات", "ساعة")
    else:
        amount = arabic_count(secs // 86400, "يوم واحد", "يومين", "أيام", "يوم")
    return f"تم النشر منذُ  {amount}"


def arabic_count(n: int, one: str, two: str, few: str, many: str | None = None) -> str:
    """Arabic number agreement: one, dual, 3-10 plural, 11+ singular (moment ``ar-ly``)."""
    if n == 1:
        return one
    if n == 2:
        return two
    if n <= 10:
        return f"{n} {few}"
    return f"{n} {many or one}"


class TextMaker:
    """Draws headlines and paragraphs from the vocabulary with one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used_headlines: set[str] = set()

    def pick(self, items: tuple[str, ...]) -> str:
        """One item, drawn from the shared generator."""
        return self.rng.choice(items)

    def story_ar(self) -> tuple[str, list[str], tuple[int, ...]]:
        """An Arabic headline, its paragraphs and the indexes of its sub-headings."""
        r = self.rng
        while True:
            name, gender, short = r.choice(v.SUBJECTS_AR)
            verb = r.choice(v.VERBS_AR)
            topic, place = r.choice(v.TOPICS_AR), r.choice(v.PLACES_AR)
            present = verb[2] if gender == "m" else verb[3]
            headline = f"{short} {present} {topic} في {place}"
            if r.random() < 0.3:
                headline += f" مع {r.choice(v.PARTNERS_AR)}"
            if headline not in self.used_headlines:
                break
        self.used_headlines.add(headline)
        past = verb[0] if gender == "m" else verb[1]
        lead = (
            f"{name} {past} {topic} في {place}، وذلك خلال اجتماع عقد {r.choice(v.DAYS_AR)} "
            f"بحضور {r.choice(v.PARTNERS_AR)} وعدد من المسؤولين."
        )
        sentences = [self.sentence_ar(name, place) for _ in range(r.randint(4, 9))]
        paragraphs = [lead]
        while sentences:
            take = r.randint(1, 3)
            paragraphs.append(" ".join(sentences[:take]))
            sentences = sentences[take:]
        headings: list[int] = []
        if r.random() < 0.4 and len(paragraphs) >= 3:
            count = r.randint(1, 2)
            titles = r.sample(v.SUBHEADINGS_AR, count)  # distinct: a repeated line reads as chrome
            for pos, title in zip(
                sorted(r.sample(range(1, len(paragraphs)), count), reverse=True),
                titles,
                strict=True,
            ):
                paragraphs.insert(pos, title)
            headings = [i for i, p in enumerate(paragraphs) if p in v.SUBHEADINGS_AR]
        return headline, paragraphs, tuple(headings)

    def sentence_ar(self, name: str, place: str) -> str:
        """One body sentence; numbers make each story's wording its own."""
        r = self.rng
        n = r.randint(12, 9800)
        templates = (
            f"وأوضح بيان صادر عن {name} أن اللقاء تناول {self.pick(v.TOPICS_AR)}، "
            f"إضافة إلى {self.pick(v.TOPICS_AR)}.",
            f'وقال {self.pick(v.SPEAKERS_AR)} إن "{self.pick(v.QUOTES_AR)}"، '
            f"مشيراً إلى أن {n} {self.pick(v.UNITS_AR)} سجلت في {place}.",
            f"وتأتي هذه الخطوة في إطار {self.pick(v.FRAMEWORKS_AR)}، بحسب ما نشر عبر "
            f"الصفحة الرسمية {self.pick(v.DAYS_AR)}.",
            f"وتم تسجيل {n} {self.pick(v.UNITS_AR)} في {self.pick(v.PLACES_AR)} خلال "
            f"{self.pick(v.PERIODS_AR)}، وفق الأرقام الرسمية.",
            f"ومن المقرر أن {self.pick(v.FUTURES_AR)} {self.pick(v.LATERS_AR)} "
            f"لمتابعة {self.pick(v.TOPICS_AR)}.",
            f"كما شدد المشاركون على ضرورة {self.pick(v.NEEDS_AR)}، و{self.pick(v.NEEDS_AR)} أيضاً.",
            f"وبلغت قيمة المخصصات المعتمدة {n} مليون دينار لتمويل {self.pick(v.TOPICS_AR)} "
            f"في {self.pick(v.PLACES_AR)} و{self.pick(v.PLACES_AR)}.",
            f"وأكد {self.pick(v.SPEAKERS_AR)} أن نسبة الإنجاز بلغت {n % 97 + 2} في المئة "
            f"حتى {self.pick(v.DAYS_AR)}.",
            f"واستقبل مكتب {self.pick(v.SPEAKERS_AR)} {n} طلباً من المواطنين في "
            f"{self.pick(v.PLACES_AR)} منذ بداية {self.pick(v.PERIODS_AR)}.",
        )
        return r.choice(templates)

    def story_en(self) -> tuple[str, list[str], tuple[int, ...]]:
        """An English headline, its paragraphs and the indexes of its sub-headings."""
        r = self.rng
        while True:
            (name, short), verb = r.choice(v.SUBJECTS_EN), r.choice(v.VERBS_EN)
            topic, place = r.choice(v.TOPICS_EN), r.choice(v.PLACES_EN)
            headline = f"{short} {verb[1]} {topic} in {place}"
            if headline not in self.used_headlines:
                break
        self.used_headlines.add(headline)
        paragraphs = [
            f"{name} {verb[0]} {topic} in {place} on {self.pick(('Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday'))}, "
            f"in a meeting attended by {self.pick(v.PARTNERS_EN)}."
        ]
        for _ in range(r.randint(2, 4)):
            n = r.randint(12, 9800)
            paragraphs.append(
                f'{self.pick(v.SPEAKERS_EN).capitalize()} said "{self.pick(v.QUOTES_EN)}", adding '
                f"that {n} cases had been recorded in {self.pick(v.PLACES_EN)} since the start of "
                f"the year. Funding of {n % 700 + 5} million dinars was approved for "
                f"{self.pick(v.TOPICS_EN)}."
            )
        headings: tuple[int, ...] = ()
        if r.random() < 0.4:
            paragraphs.insert(2, r.choice(v.SUBHEADINGS_EN))
            headings = (2,)
        return headline, paragraphs, headings


def retype_quotes(text: str) -> str:
    """Turn straight double quotes into «guillemets», as some Arabic sites retype them."""
    out: list[str] = []
    opening = True
    for ch in text:
        if ch == '"':
            out.append("«" if opening else "»")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def add_tatweel(text: str) -> str:
    """Stretch the first long word with tatweel (``الليبيـــة``), a common display habit."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) >= 6 and word.isalpha():
            words[i] = word[:3] + TATWEEL * 3 + word[3:]
            break
    return " ".join(words)


def copy_paragraphs(
    paragraphs: list[str], headings: tuple[int, ...], rng: random.Random
) -> tuple[list[str], tuple[int, ...]]:
    """The paragraphs as an aggregator republishes them: retyped, trimmed, restyled."""
    out = [retype_quotes(p) for p in paragraphs]
    text_indexes = [i for i in range(1, len(out)) if i not in headings]
    if len(text_indexes) >= 3 and rng.random() < 0.4:
        drop = rng.choice(text_indexes[1:])  # never the lead: copies keep the opening
        del out[drop]
        headings = tuple(h - 1 if h > drop else h for h in headings)
    if rng.random() < 0.5:
        out = [TASHKEEL_RE.sub("", p) for p in out]
    if rng.random() < 0.5:
        out[0] = add_tatweel(out[0])
    return out, headings


def shorten_headline(headline: str) -> str:
    """A headline cut at its last ``في`` phrase, as aggregators shorten long titles."""
    cut = headline.rfind(" في ")
    return headline[:cut] if cut > 10 else headline


@dataclass(frozen=True)
class SeedStory:
    """The example article from the corpus: headline, paragraphs, sub-headings, source."""

    headline: str
    paragraphs: list[str]
    headings: tuple[int, ...]
    source_name: str


def load_seed(path: Path = SEED_ARTICLE_PATH) -> SeedStory:
    """Read the aggregator text of the seed article and take its original story out."""
    # " ".join(split()) also turns the file's no-break spaces into the spaces readers see.
    lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    attribution = next(i for i, line in enumerate(lines) if line.startswith("مصدر الخبر /"))
    footer = next(i for i, line in enumerate(lines) if line.startswith("يمكنك ايضا"))
    body = lines[attribution + 1 : footer]
    # Sub-headings are the short lines without a full stop or a comma.
    headings = tuple(
        i for i, p in enumerate(body) if len(p.split()) <= 6 and not any(c in p for c in ".،")
    )
    return SeedStory(
        headline=lines[attribution - 1],
        paragraphs=body,
        headings=headings,
        source_name=lines[attribution].split("/", 1)[1].strip(),
    )


TRANSLIT = dict(
    zip(
        "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ",
        [
            "a",
            "b",
            "t",
            "th",
            "j",
            "h",
            "kh",
            "d",
            "th",
            "r",
            "z",
            "s",
            "sh",
            "s",
            "d",
            "t",
            "z",
            "a",
            "gh",
            "f",
            "q",
            "k",
            "l",
            "m",
            "n",
            "h",
            "o",
            "y",
            "a",
            "a",
            "a",
            "a",
            "a",
            "a",
            "o",
            "a",
        ],
        strict=True,
    )
)


def translit_slug(text: str, max_words: int = 7) -> str:
    """A Latin slug as alsaaa24.net writes it (``khory-lofd-taorghaaa``)."""
    words = []
    for word in text.split()[:max_words]:
        latin = "".join(
            TRANSLIT.get(ch, ch if ch.isascii() and ch.isalnum() else "") for ch in word
        )
        if latin:
            words.append(latin.lower())
    return "-".join(words)


def arabic_slug(text: str, max_words: int = 8) -> str:
    """A WordPress-style Arabic slug: words joined by hyphens, punctuation dropped."""
    words = ["".join(ch for ch in w if ch.isalnum()) for w in text.split()[:max_words]]
    return "-".join(w for w in words if w)


def spread_times(count: int, rng: random.Random, newest: datetime) -> Iterable[datetime]:
    """``count`` publication times going back from ``newest``, 1-5 hours apart."""
    moment = newest
    for _ in range(count):
        moment -= timedelta(minutes=rng.randint(60, 300), seconds=0)
        yield moment
