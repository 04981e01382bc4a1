"""Article extraction: ``extract_article`` against plain trafilatura, in the same run.

Run: ``.venv/bin/python bench/extraction.py [--limit N] [--libyan-only] [--set NAME] [--details]``

Six sets:

- the development half of trafilatura's evaluation set (/work/shared/corpus/extraction-dev,
  506 pages): body scored with trafilatura's published metric (each ``with`` snippet found
  = TP, missing = FN; each ``without`` snippet found = FP, absent = TN; P/R/F1 over all
  snippets of all pages); headline, date (day) and author exact-match rates where annotated
  (headline and author ignoring letter case; the headline also in a same-case column);
- ``bench/libyan/``: one hand-written page per Libyan CMS style with exact expected records;
- ``bench/arabic-themes/``: eight pages of themes and CMSs that Arabic news sites use (Jannah,
  Newspaper, JNews, Joomla K2, Blogger, Drupal, a custom agency CMS, an aggregator), written
  without looking at the extractor and run without per-source rules;
- ``bench/arabic-themes-2/``: a second such set of eight other families (Sahifa, Soledad with
  Yoast, a Gutenberg block theme, a Next.js site, an English-language WordPress outlet, a TV
  channel's video page, a MH Magazine aggregator, an ISO-8859-6 government ASP page);
- ``bench/arabic-themes-3/``: a third such set (Astra with Rank Math, an English Ghost site,
  a Laravel/Inertia portal, an Elementor Pro single template, an AMP Reader page, a Hugo
  fact-check page, a Zox News aggregator, a Wix blog post);
- ``bench/arabic-themes-4/``: a fourth such set (Publisher, SmartMag with Yoast, Divi, Joomla 4
  with Helix Ultimate, an English GeneratePress outlet, a custom-CMS opinion piece, a ColorMag
  aggregator, a TV channel's breaking-news post).

A hand-written page's spec may hold ``now`` (an ISO instant): the moment the page was
fetched, which relative dates ("منذ 3 ساعات") count back from; trafilatura ignores it.
``--details`` prints, for our extractor, each expected field it got wrong and what it gave.

trafilatura runs with its default settings (``bare_extraction(with_metadata=True)``, its
metadata from the same call); a second row turns its comments off, as its own evaluation
does. Times are per page, medians and means, ours / trafilatura's.

Both systems call htmldate and trafilatura, whose ``lru_cache`` functions keep results by
the page's own strings (htmldate's date expressions, each sent to dateparser at up to 100 ms;
trafilatura's trimmed lines). Those caches are emptied before each system runs on a page, so
neither is timed on results the other computed on that same page (``clear_page_caches``).
"""

from __future__ import annotations

import argparse
import functools
import gc
import gzip
import json
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import dateparser
import trafilatura

from ingest.extract import extract_article
from ingest.models import Rules, Source

# The corpus lives beside the repository, in shared/ (not committed: 15 MB of pages).
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "extraction-dev"
LIBYAN = Path(__file__).parent / "libyan"
HAND_WRITTEN = {
    "libyan": ("Libyan pages (bench/libyan)", LIBYAN),
    # bench/arabic-themes, bench/arabic-themes-2, ...: held-out sets, each written blind
    **{
        folder.name: (f"Arabic news themes, unseen (bench/{folder.name})", folder)
        for folder in sorted(Path(__file__).parent.glob("arabic-themes*"))
    },
    # bench/blind-8, ...: held-out sets aimed at failure classes; never fixed page by page
    **{
        folder.name: (f"Held-out set (bench/{folder.name})", folder)
        for folder in sorted(Path(__file__).parent.glob("blind-*"))
    },
}
_SPACE = re.compile(r"\s+")


@dataclass
class Record:
    """The fields one system extracted from one page."""

    body: str = ""
    headline: str = ""
    date: str = ""
    author: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Score:
    """Counts for one system over a set."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    fields: dict[str, list[int]] = field(default_factory=dict)  # field -> [hits, annotated]
    times: list[float] = field(default_factory=list)

    def add_field(self, name: str, hit: bool) -> None:
        """Count one annotated field."""
        counts = self.fields.setdefault(name, [0, 0])
        counts[0] += int(hit)
        counts[1] += 1

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall, F1 over all snippets."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def rate(self, name: str) -> str:
        """Exact-match rate of a field as text."""
        hits, total = self.fields.get(name, [0, 0])
        return f"{hits / total:.3f} ({hits}/{total})" if total else "-"


def squash(text: str | None) -> str:
    """Whitespace-normalised text for snippet and exact-match comparisons."""
    return _SPACE.sub(" ", text or "").strip()


def author_names(value: str | list[str]) -> set[str]:
    """Author names, case- and whitespace-normalised; several names as a set."""
    names = value if isinstance(value, list) else [value]
    if len(names) > 1:
        return {squash(n).casefold() for n in names}
    return {squash(n).casefold() for n in re.split(r";|, (?=\S+ \S)", names[0]) if n.strip()}


def same_day(record: Record, day: str) -> bool:
    """True when the record's date is the annotated (local) day.

    The annotation is the day as the publisher wrote it; ours is a UTC instant, so a
    timestamp counts when it falls on that day in some UTC offset from -12 to +14 hours.
    Date-only values are stored at local noon and must match the day exactly.
    """
    stamp = record.extra.get("published_at", "")
    if record.date == day or not stamp or stamp.endswith("T10:00:00Z"):
        return record.date == day
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        start = datetime.fromisoformat(day + "T00:00:00+00:00")
    except ValueError:
        return False
    return start - timedelta(hours=14) <= when < start + timedelta(hours=36)


def run_ours(html: bytes, url: str, source: Source | None, now: datetime | None) -> Record:
    """Our extractor."""
    article = extract_article(html, url, source, now=now)
    return Record(
        body=article.body or "",
        headline=article.headline or "",
        date=(article.published_at or "")[:10],
        author=article.author or "",
        extra={
            "published_at": article.published_at or "",
            "original_source": article.original_source or "",
            "language": article.language or "",
        },
    )


Extractor = Callable[[bytes, str, Source | None, datetime | None], Record]


def make_trafilatura(include_comments: bool) -> Extractor:
    """Plain trafilatura with default settings (optionally without comments)."""

    def run(html: bytes, url: str, source: Source | None, now: datetime | None) -> Record:
        doc: Any = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=include_comments
        )
        if doc is None:
            return Record()
        text = doc.text or ""
        if include_comments and doc.comments:
            text += "\n" + doc.comments
        return Record(
            body=text,
            headline=doc.title or "",
            date=(doc.date or "")[:10],
            author=doc.author or "",
        )

    return run


def run_ours_record(html: bytes, url: str, source: Source | None, now: datetime | None) -> Record:
    """Our extractor, body scored with the headline in front of it.

    We move a headline that opens the main text into the ``headline`` field; the
    benchmark's snippets often include it, so this row scores the whole record.
    """
    record = run_ours(html, url, source, now)
    record.body = f"{record.headline}\n\n{record.body}"
    return record


SYSTEMS: dict[str, Extractor] = {
    "ours": run_ours,
    "ours (headline + body)": run_ours_record,
    "trafilatura (defaults)": make_trafilatura(True),
    "trafilatura (no comments)": make_trafilatura(False),
}


def score_page(score: Score, record: Record, truth: dict[str, Any]) -> list[str]:
    """Add one page's snippets and fields to a score; return the expected fields missed."""
    missed: list[str] = []
    body = squash(record.body)
    for snippet in truth.get("with", []):
        if squash(snippet) in body:
            score.tp += 1
        else:
            score.fn += 1
    for snippet in truth.get("without", []):
        if squash(snippet) in body:
            score.fp += 1
        else:
            score.tn += 1
    if truth.get("title"):
        # Letter case compared loosely, as for authors: about 15 annotations are in capitals
        # that only the page's CSS (text-transform) applies; "headline, same case" is strict.
        ours, expected = squash(record.headline), squash(truth["title"])
        score.add_field("headline", ours.casefold() == expected.casefold())
        score.add_field("headline, same case", ours == expected)
    if truth.get("date"):
        score.add_field("date", same_day(record, truth["date"]))
    if truth.get("author"):
        score.add_field("author", author_names(record.author) == author_names(truth["author"]))
    for name, expected in truth.get("expect", {}).items():
        fields = {"headline": record.headline, "body": record.body, "author": record.author}
        if name == "published_at" and name not in record.extra:
            # trafilatura gives a day only: it scores when the day is right.
            score.add_field(name, bool(record.date) and record.date == expected[:10])
        elif name in fields or name in record.extra:
            got = fields.get(name, record.extra.get(name, ""))
            score.add_field(name, squash(got) == squash(expected))
            if squash(got) != squash(expected):
                missed.append(name)
    return missed


Pages = list[tuple[str, bytes, dict[str, Any], Source | None]]


def load_dev(limit: int | None) -> Pages:
    """Pages of the trafilatura development set."""
    annotations = json.loads((CORPUS / "annotations.json").read_text())
    pages: Pages = []
    for key, truth in list(annotations.items())[:limit]:
        html = gzip.decompress((CORPUS / "pages" / f"{truth['file']}.gz").read_bytes())
        url = key if key.startswith("http") else f"https://{truth['file'].split('-')[0]}/"
        pages.append((url, html, truth, None))
    return pages


def load_libyan(folder: Path = LIBYAN) -> Pages:
    """Pages of a hand-written set, with the Source each would be configured with."""
    pages: Pages = []
    for spec_path in sorted(folder.glob("*.json")):
        spec = json.loads(spec_path.read_text())
        source = None
        if spec.get("source"):
            raw = dict(spec["source"])
            rules_raw: dict[str, Any] = {
                k: tuple(v) if isinstance(v, list) else v for k, v in raw.pop("rules", {}).items()
            }
            rules = Rules(**rules_raw)
            source = Source(rules=rules, **raw)
        pages.append((spec["url"], (folder / spec["file"]).read_bytes(), spec, source))
    return pages


def fetched_at(truth: dict[str, Any]) -> datetime | None:
    """The spec's ``now``: when the page was fetched, for its relative dates."""
    return datetime.fromisoformat(truth["now"].replace("Z", "+00:00")) if "now" in truth else None


def describe_miss(name: str, got: str, expected: str) -> list[str]:
    """Lines telling how a field differs; a body by the paragraphs lost and added."""
    if name != "body":
        return [f"    ours:     {got!r}", f"    expected: {expected!r}"]
    ours = [squash(p) for p in got.split("\n\n") if p.strip()]
    truth = [squash(p) for p in expected.split("\n\n") if p.strip()]
    lines = [f"    {len(ours)} paragraphs, expected {len(truth)}"]
    lines += [f"    missing: {p[:90]!r}" for p in truth if p not in ours]
    lines += [f"    extra:   {p[:90]!r}" for p in ours if p not in truth]
    if ours != truth and set(ours) == set(truth):
        lines.append("    same paragraphs, different order or repeats")
    return lines


def page_caches() -> list[Any]:
    """htmldate's and trafilatura's bounded ``lru_cache`` functions: caches of results by
    the text of a page (their unbounded ones hold setup: the dateparser instance, month
    names), found once the libraries are imported and warm."""
    return [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, functools._lru_cache_wrapper)
        and (getattr(obj, "__module__", "") or "").split(".")[0] in ("htmldate", "trafilatura")
        and obj.cache_info().maxsize is not None
    ]


PAGE_CACHES: list[Any] = []


def clear_page_caches() -> None:
    """Empty the caches of page results shared by both systems (``page_caches``)."""
    for cache in PAGE_CACHES:
        cache.cache_clear()


def run_set(name: str, pages: Pages, details: bool = False) -> dict[str, Score]:
    """Run every system over a set and print its table (and our misses with ``details``)."""
    scores = {system: Score() for system in SYSTEMS}
    misses: list[str] = []
    for url, html, truth, source in pages:
        for system, run in SYSTEMS.items():
            clear_page_caches()
            start = time.perf_counter()
            record = run(html, url, source, fetched_at(truth))
            scores[system].times.append((time.perf_counter() - start) * 1000)
            missed = score_page(scores[system], record, truth)
            if system != "ours":
                continue
            values = {"headline": record.headline, "body": record.body, "author": record.author}
            for field_name in missed:
                got = values.get(field_name, record.extra.get(field_name, ""))
                misses.append(f"- {truth.get('file', url)} `{field_name}`")
                misses += describe_miss(field_name, got, truth["expect"][field_name])
    print(f"\n## {name}: {len(pages)} pages\n")
    fields = sorted({f for s in scores.values() for f in s.fields})
    header = ["system", "precision", "recall", "F1", *fields, "ms/page median", "ms/page mean"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    base = scores["trafilatura (defaults)"]
    for system, score in scores.items():
        p, r, f1 = score.prf()
        median, mean = statistics.median(score.times), statistics.fmean(score.times)
        cells = [system, f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}", *(score.rate(f) for f in fields)]
        cells += [f"{median:.1f}", f"{mean:.1f}"]
        print("| " + " | ".join(cells) + " |")
    ours = scores["ours"]
    ratio_median = statistics.median(ours.times) / statistics.median(base.times)
    ratio_mean = statistics.fmean(ours.times) / statistics.fmean(base.times)
    print(
        f"\ntime ours / trafilatura (defaults): median {ratio_median:.2f}x, mean {ratio_mean:.2f}x"
    )
    if details:
        print("\nOur misses:\n" + ("\n".join(misses) if misses else "none"))
    return scores


def main() -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="first N dev pages only")
    parser.add_argument(
        "--libyan-only", action="store_true", help="hand-written sets only, not the dev set"
    )
    parser.add_argument(
        "--set",
        choices=sorted(HAND_WRITTEN),
        action="append",
        help="run only this hand-written set (repeatable; default: all of them)",
    )
    parser.add_argument(
        "--details", action="store_true", help="print each field we got wrong, per page"
    )
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    # dateparser compiles each locale's patterns the first time a text is tried in it
    # (about 5 s for all of them), through htmldate in both systems: whichever met a
    # language first paid for it in the same run. Compiled here, they cost neither.
    dateparser.parse("warm up 99 qq zz")
    # Warm up imports and models so that the first page does not carry their cost.
    for run in SYSTEMS.values():
        run(
            b"<html><body><p>warm up text for the extractors</p></body></html>",
            "https://x.ly/",
            None,
            None,
        )
    PAGE_CACHES.extend(page_caches())
    if not args.libyan_only:
        run_set("trafilatura evaluation set, development half", load_dev(args.limit))
    for key in args.set or list(HAND_WRITTEN):
        title, folder = HAND_WRITTEN[key]
        if folder.exists():
            run_set(title, load_libyan(folder), args.details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
