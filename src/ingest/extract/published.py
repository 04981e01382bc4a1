"""Publication and modification times: which of the page's dates is the article's.

Candidates, best first: the source's ``date`` rule; JSON-LD, meta and ``<time>``
(``metadata.published_candidates``) other than an embedded post's or a sidebar's
(``foreignareas.foreign_dates``); on Arabic pages the byline and date areas and an agency
dateline read by ``dates.find_date_in_text``; the address (``urldate``); on Latin-script
pages the date printed under the headline; last htmldate's day (``pagedates``). htmldate
(markup first, then the latest date in the text) handles Latin-script pages better than
our byline reading, which picked archive and sidebar dates on the benchmark. A date
labelled as today's ("اليوم: الخميس 16 يناير 2025", a masthead swept into the text) dates
the visit and is never the article's. Each date is stored as ``clock.When``: UTC, as the
page wrote it, and how precise; a bare day keeps its local noon as the UTC value, so that
the day survives the conversion, and nothing else shows that noon. Measured on the
benchmark's development half (docs/benchmarks.md): day right on 0.935 of pages,
trafilatura 0.851; of its 60 pages annotated as undated 24 stay undated, the others
mostly dated by their own JSON-LD or meta (17) or by htmldate's text search.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ingest.clock import When
from ingest.extract import metadata
from ingest.extract.dates import find_date_ex, parse_date_ex, parse_iso_ex
from ingest.extract.datewords import TODAY_LABELS, normalize_date_text
from ingest.extract.foreignareas import foreign_dates
from ingest.extract.isodates import ParsedDate, noon
from ingest.extract.pagedates import (
    header_date,
    htmldate_day,
    htmldate_later,
    near_headline_date,
)
from ingest.extract.urldate import url_day
from ingest.models import Article

__all__ = [
    "ARABIC_LETTER",
    "DATELINE_PARAGRAPHS",
    "DateClues",
    "choose_dates",
    "foreign_dates",
    "header_date",
    "htmldate_day",
    "htmldate_later",
    "near_headline_date",
    "needs_htmldate",
    "put_date",
]

ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")

NUMERIC_DATETIME = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}[\sT,]+\d{1,2}:\d{2}")
DATELINE_CHARS = 40  # a date this near the start of the text is its dateline
DATELINE_PARAGRAPHS = 3
# An agency dateline after the first paragraph: a place of at most three words, the date,
# the agency's name in brackets or not, and a dash or colon ("طرابلس 27 نوفمبر 2026 (وال) -").
_DATELINE_PLACE = re.compile(r"[^\W\d_]+(?:[\s-][^\W\d_]+){0,2},?\s")
_DATELINE_END = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?[-–—:]")
UPDATE_NOTE = re.compile(
    r"updated|mis\s+à\s+jour|aktualisiert|actualizad|aggiornat|تحديث|تعديل", re.IGNORECASE
)
# The metadata's date may trail the address's by days (a draft's slug, a late edit) but
# not by months: then the address keeps the first publication.
URL_DATE_SLACK = timedelta(days=30)
TODAY_LABEL_CHARS = 24  # a today label this far before a date labels it
_TODAY_LABEL = re.compile(
    "|".join(re.escape(normalize_date_text(row.label)) for row in TODAY_LABELS), re.IGNORECASE
)
# the offset after a time: "14:01Z", "14:01:00+00:00", "09:12:44 +0000", "10:30 GMT"
_TIME_OFFSET = re.compile(
    r"(\d:\d\d(?::\d\d)?(?:[.,]\d+)?)\s*(?:z|utc|gmt|[+-]\d\d(?::?\d\d)?)\s*$", re.IGNORECASE
)


def _to_when(
    value: str, tz: str, now: datetime | None, *, wall_clock: bool = False
) -> ParsedDate | None:
    """A machine or human date string, parsed; date-only values at local noon.

    ``wall_clock`` reads a time as local to ``tz`` whatever offset or ``Z`` follows it:
    for sites that write local time labelled UTC (a source's ``rules.timezone``).
    """
    if wall_clock:
        value = _TIME_OFFSET.sub(r"\1", value.strip())
    parsed = parse_iso_ex(value, tz=tz) or parse_date_ex(value, now=now, tz=tz)
    return noon(parsed) if parsed else None


def put_date(article: Article, name: str, when: When, method: str) -> None:
    """Set ``{name}_at``, ``{name}_local`` and ``{name}_precision``, and how they were found."""
    setattr(article, f"{name}_at", when.at)
    setattr(article, f"{name}_local", when.local)
    setattr(article, f"{name}_precision", when.precision)
    article.methods[f"{name}_at"] = method


@dataclass
class DateClues:
    """What the page offers for its dates, gathered before and after trafilatura.

    ``header`` is the date printed by the headline (``header_date``, ``near_headline_date``)
    and ``htmldate`` htmldate's day; both must be read before trafilatura prunes the tree.
    ``foreign`` holds the ``<time>`` values and date-area texts of embeds and lists of
    other posts (``foreign_dates``).
    ``lead`` is the body's first paragraphs (an agency dateline). ``wall_clock``: the
    page's offsets are wrong (the source's ``rules.timezone``).
    """

    page: metadata.PageMeta
    url: str
    tz: str
    now: datetime | None = None
    lead: list[str] = field(default_factory=list)
    rule_date: str | None = None  # what the source's date rule found
    has_date_rule: bool = False
    header: ParsedDate | None = None
    htmldate: str | None = None
    read_htmldate: Callable[[], str | None] | None = None  # htmldate's day, when needed
    wall_clock: bool = False
    latin_script: bool = False
    foreign: frozenset[str] = frozenset()


_Choice = tuple[ParsedDate, str]  # a date and the method that found it


def choose_dates(article: Article, clues: DateClues) -> None:
    """Set published_at and modified_at with the method that found each.

    Arabic pages' bylines are read by ``find_date_in_text``; Latin-script ones by the
    header date and htmldate, which read them better (see the module docstring).
    """
    tz, now = clues.tz, clues.now
    # 1. what the page says before its text is read: rule, metadata, byline, address, header
    chosen = _before_text(clues, article.problems)
    # 2. a dateline opening the text
    if chosen is None:
        dateline = _dateline(clues.lead, tz, now)
        chosen = (dateline, "text") if dateline is not None else None
    # 3. htmldate's day
    if chosen is None and clues.htmldate is None and clues.read_htmldate is not None:
        clues.htmldate = clues.read_htmldate()
    if chosen is None and clues.htmldate is not None:
        chosen = _htmldate_choice(clues, clues.htmldate)
    if chosen is not None:
        put_date(article, "published", chosen[0].stored(), chosen[1])
    if clues.has_date_rule and article.methods.get("published_at") != "rule":
        if not clues.rule_date:
            article.problems.append("rule date matched nothing; used generic extraction")
        if "published_at" in article.methods:
            article.methods["published_at"] = f"generic-fallback:{article.methods['published_at']}"
    for value, method in metadata.modified_candidates(clues.page):
        parsed = _to_when(value, tz, now, wall_clock=clues.wall_clock)
        if parsed is not None:
            put_date(article, "modified", parsed.stored(), method)
            break


def needs_htmldate(clues: DateClues) -> bool:
    """True when the page has no machine-readable date of its own and nothing else that
    ranks above htmldate gave one (a dateline still may).

    A page whose only ``<time>`` reads "Mo-Su 08:00-20:00" states no date; htmldate would
    find one in its text all the same (dev set: 1 undated page).
    """
    own = [c for c in metadata.published_candidates(clues.page) if c[0] not in clues.foreign]
    return not own and _before_text(clues, []) is None


def _before_text(clues: DateClues, problems: list[str]) -> _Choice | None:
    """The date the rule, the metadata, the byline areas, the address or the header gives."""
    tz, now, wall_clock = clues.tz, clues.now, clues.wall_clock
    chosen: _Choice | None = None
    if clues.rule_date:
        parsed = _to_when(clues.rule_date, tz, now, wall_clock=wall_clock)
        if parsed is not None:
            return parsed, "rule"
        problems.append(f"rule date found {clues.rule_date[:80]!r}, not a date")
    chosen = _from_metadata(clues)
    dated_url = _url_day(clues.url, tz, now)
    if (
        dated_url is not None
        and chosen is not None
        and chosen[0].when - dated_url.when > URL_DATE_SLACK
    ):
        # An address dated long before the metadata's date was made when the article was
        # first published; a CMS move or a re-save rewrote the metadata since.
        chosen = dated_url, "url"
    if chosen is None:
        byline = _from_bylines(clues)
        chosen = (noon(byline), "text") if byline is not None else None
    if chosen is None and dated_url is not None:
        chosen = dated_url, "url"
    if chosen is None and clues.header is not None:
        chosen = clues.header, "header"
    return chosen


def _from_metadata(clues: DateClues) -> _Choice | None:
    """The first machine-readable publication date that parses, not an embed's or sidebar's."""
    page, tz = clues.page, clues.tz
    weak = {page.meta[k] for k in metadata.WEAK_PUBLISHED_META if page.meta.get(k)}
    for value, method in metadata.published_candidates(page):
        if method == "time" and value in clues.foreign:
            continue  # an embedded post's or a sidebar entry's <time>
        parsed = _to_when(value, tz, clues.now, wall_clock=clues.wall_clock)
        if parsed is None:
            continue
        # Many CMSs fill the generic "date"/"dc.date" meta with the page's last change
        # (TYPO3 rewrites it on every edit); the date printed under the headline is the
        # one readers see.
        shown = clues.header if method == "meta" and value in weak else None
        if shown is not None and _local_day(shown.when, tz) != _local_day(parsed.when, tz):
            return shown, "header"
        return parsed, method
    return None


def _from_bylines(clues: DateClues) -> ParsedDate | None:
    """The date of the byline and date areas, or of an agency dateline opening the body.

    Arabic text only ("طرابلس 15 فبراير 2018"): htmldate reads Latin-script bylines
    better; on the benchmark our reading of Latin bylines picked archive and sidebar
    dates. A numeric date with a time ("29/11/2026 04:33:00") in a date-classed element is
    as telling as Arabic text; and a dateline's bare day yields to a time found on that
    same day elsewhere in the byline area.
    """
    tz = clues.tz
    best: ParsedDate | None = None
    for text in [*clues.page.byline_texts[:30], *clues.lead[:1]]:
        if not (ARABIC_LETTER.search(text) or NUMERIC_DATETIME.search(text)):
            continue
        if text in clues.foreign:
            continue  # a related entry's or an embedded post's date
        found = find_date_ex(text[:300], now=clues.now, tz=tz)
        if found is None or today_labelled(text, found):
            continue
        if best is None or (
            _timed(found) and _local_day(found.when, tz) == _local_day(best.when, tz)
        ):
            best = found
        if _timed(best):
            break
    return best


def _htmldate_choice(clues: DateClues, day: str) -> _Choice | None:
    """htmldate's day, or the byline's where htmldate fell back on the modification day."""
    page, tz, now = clues.page, clues.tz, clues.now
    parsed = _to_when(day, tz, now)
    if (
        clues.latin_script
        and parsed is not None
        and _local_day(parsed.when, tz) in _modified_days(page, tz, now, clues.wall_clock)
    ):
        # With nothing else marked up htmldate falls back to og:updated_time; the
        # byline area's date is then the better guess at first publication.
        parsed = _byline_date(page, tz, now) or parsed
    return (parsed, "text") if parsed is not None else None


def _timed(parsed: ParsedDate) -> bool:
    """A date with its time, or a relative one: "منذ 3 ساعات" is as precise as a clock."""
    return parsed.precision != "day" or parsed.relative


def _url_day(url: str, tz: str, now: datetime | None) -> ParsedDate | None:
    """The day a dated address names ("/2017/7/12/slug", "/20131216/"), at local noon."""
    day = url_day(url, now.date() if now else None)
    return _to_when(day.isoformat(), tz, now) if day else None


def today_labelled(text: str, found: ParsedDate) -> bool:
    """True when ``found`` follows a label naming today's date ("اليوم:", "Today:")."""
    start = text.find(found.matched)
    before = normalize_date_text(text[max(0, start - TODAY_LABEL_CHARS) : max(0, start)])
    return bool(_TODAY_LABEL.search(before))


def _dateline(lead: list[str], tz: str, now: datetime | None) -> ParsedDate | None:
    """The date a dateline opens the text with, in any language, or None.

    "Tripoli, 14 January 2025: ..." opens the first paragraph; "29.11.2022 – ..." and
    "(21. November 2022) ..." may open a paragraph after a kicker, a standfirst or a
    byline line, and so may an agency's "طرابلس 27 نوفمبر 2026 (وال) -" after a note.
    """
    for number, paragraph in enumerate(lead[:DATELINE_PARAGRAPHS]):
        head = paragraph[: DATELINE_CHARS * 3]
        if UPDATE_NOTE.search(head):
            continue  # "Article mis à jour le 7 janvier 2020." dates an edit
        found = find_date_ex(head, now=now, tz=tz, relative=False)
        if found is None or today_labelled(head, found):
            continue
        start = head.find(found.matched)
        after = head[start + len(found.matched) :]
        placed = _DATELINE_PLACE.fullmatch(head[:start]) and _DATELINE_END.match(after)
        if 0 <= start <= (DATELINE_CHARS if number == 0 else 1) or placed:
            return noon(found)
    return None


def _modified_days(
    page: metadata.PageMeta, tz: str, now: datetime | None, wall_clock: bool
) -> set[str]:
    """Local days of the page's machine-readable modification times."""
    values = [value for value, _ in metadata.modified_candidates(page)]
    found = (_to_when(value, tz, now, wall_clock=wall_clock) for value in values)
    return {_local_day(parsed.when, tz) for parsed in found if parsed is not None}


def _byline_date(page: metadata.PageMeta, tz: str, now: datetime | None) -> ParsedDate | None:
    """The first absolute date in the page's byline areas, a bare day at local noon."""
    for text in page.byline_texts[:30]:
        found = find_date_ex(text[:300], now=now, tz=tz, relative=False)
        if found is not None:
            return noon(found)
    return None


def _local_day(dt: datetime, tz: str) -> str:
    """The calendar day of ``dt`` in the zone ``tz``."""
    try:
        zone: tzinfo = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = timezone(timedelta(hours=2))
    return dt.astimezone(zone).date().isoformat()
