"""The day an article's address names ("/2017/07/12/slug", "/20131216/", "/Feb/29/2012/").

Many CMSs put the publication day in the permalink; it is kept when the page's metadata
was rewritten since (a CMS move, a re-save) and used when the page gives no date at all.
Each way of writing it is a row of ``URL_DATES`` with the CMS family that writes it. Only
the path is read (a query's ``?id=20131216`` is an id), a date must exist (no 29 February
2013, no month 13) and fall between MIN_YEAR and next year, and digits running on past
the date ("/201312161234/") are an id, not a day.

Example::

    >>> url_day("https://www.libyaherald.com/2013/12/17/gnc-extends-mandate/")
    datetime.date(2013, 12, 17)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from ingest.clock import MIN_YEAR

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# a month's English name or its first three letters ("sept" too), never a word starting alike
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_Y = r"(?P<y>(?:19|20)\d\d)"
_END = r"(?=[/_.-]|$)"  # the date ends where the path's next part begins


@dataclass(frozen=True)
class UrlDate:
    """One way of writing a day in a path: the pattern and the family that writes it."""

    pattern: re.Pattern[str]
    family: str


URL_DATES: tuple[UrlDate, ...] = (
    UrlDate(
        re.compile(rf"/{_Y}[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d){_END}"),
        "WordPress /%year%/%monthnum%/%day%/ permalinks, Libya Herald, Al Jazeera",
    ),
    UrlDate(
        re.compile(rf"/{_Y}/{_MON}/(?P<d>[0-3]?\d){_END}", re.IGNORECASE),
        "month abbreviated after the year: The Guardian's /2012/feb/29/",
    ),
    UrlDate(
        re.compile(rf"/{_MON}/(?P<d>[0-3]?\d)/{_Y}{_END}", re.IGNORECASE),
        "month abbreviated first, US order: /Feb/29/2012/ on custom US CMSs",
    ),
    UrlDate(
        re.compile(rf"/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/{_Y}{_END}"),
        "US order /12/17/2013/ (ColdFusion and ASP news CMSs); /17/12/2013/ read day first",
    ),
    UrlDate(
        re.compile(rf"(?<=[/_-]){_Y}(?P<m>[01]\d)(?P<d>[0-3]\d){_END}"),
        "eight digits /20131216/ or -20131216-: Drupal and ASP news paths, Joomla aliases",
    ),
)


def url_day(url: str, today: date | None = None) -> date | None:
    """The publication day the address names, or None; ``today`` bounds the year."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    latest = (today or date.today()).year + 1
    for row in URL_DATES:
        for match in row.pattern.finditer(path):
            found = _day(match, latest)
            if found is not None:
                return found
    return None


def _day(match: re.Match[str], latest_year: int) -> date | None:
    """The date a match names, if it exists and is plausible."""
    groups = match.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        month = _MONTHS.index(groups["mon"].lower()[:3]) + 1
        day = int(groups["d"])
    else:
        month, day = int(groups["m"]), int(groups["d"])
        if month > 12 and day <= 12 and match.start("m") < match.start("y"):
            month, day = day, month  # "/17/12/2013/": day first
    if not MIN_YEAR <= year <= latest_year:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None  # 29 February 2013, month 13: an id, not a day
