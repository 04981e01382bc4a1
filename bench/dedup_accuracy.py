"""Accuracy of the full duplicate decision (signature + LSH + verification) on Arabic news.

Usage: .venv/bin/python bench/dedup_accuracy.py [--runs 5]

The labelled set is built from bench/data/stories.txt (28 base stories about Libya, written
for this benchmark, in topic clusters of 2-4 stories from the same day: hard negatives).
Each base story gets the copies an aggregator or another outlet would publish; every
document is then filed, in a shuffled order, by ``Store.file_article`` (``dedup.decide`` and
the merges of the real store) into a fresh database. Pair precision and recall are
counted over all document pairs (same base story = same story). The LSH section shows,
for each kind of copy, how often the candidate lookup alone would find it under three band
layouts, which is how the layout was chosen.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

from ingest import dedup, signatures, writer
from ingest.models import Article, Candidate
from ingest.store import Store

DATA = Path(__file__).parent / "data" / "stories.txt"
OUTLETS = ("صحيفة الساعة 24", "بوابة الوسط", "ليبيا أوبزرفر", "قناة ليبيا الأحرار", "عين ليبيا")
SITE_FOOTER = (
    "جميع الحقوق محفوظة لبوابة الوسط، ولا يجوز إعادة نشر المحتوى أو اقتباسه دون إذن مسبق "
    "من إدارة التحرير، ويتحمل الكتاب مسؤولية آرائهم المنشورة في الموقع.\n\n"
    "تابعونا على منصات التواصل الاجتماعي فيسبوك وتويتر ويوتيوب وتيليغرام لمتابعة آخر "
    "الأخبار العاجلة والتقارير الخاصة من مختلف المدن الليبية على مدار الساعة."
)
HARAKAT = "\u064e\u064f\u0650\u0652\u0651\u064b"
SWAPS = {
    "قال": "أوضح",
    "أعلن": "أكد",
    "أعلنت": "أكدت",
    "الماضي": "المنصرم",
    "المقبل": "القادم",
    "عدد": "جملة",
    "كبير": "ضخم",
    "خلال": "أثناء",
    "مدينة": "بلدة",
    "بيان": "تصريح",
}


@dataclass(frozen=True)
class Story:
    """One base story of the labelled set."""

    id: str
    topic: str
    date: str
    headline: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Doc:
    """One document fed to the store: a base story or one of its copies."""

    story: str
    kind: str
    headline: str
    body: str


def load_stories(path: Path = DATA) -> list[Story]:
    """Parse stories.txt."""
    stories = []
    for block in path.read_text(encoding="utf-8").split("\n### ")[1:]:
        header, _, rest = block.partition("\n")
        story_id, topic, date = (part.strip() for part in header.split("|"))
        headline_line, _, text = rest.strip().partition("\n")
        paragraphs = tuple(p.strip() for p in text.split("\n\n") if p.strip())
        headline = headline_line.removeprefix("headline:").strip()
        stories.append(Story(story_id, topic, date, headline, paragraphs))
    return stories


# --- the copies -----------------------------------------------------------------------------


def aggregator_copy(story: Story, rng: random.Random) -> Doc:
    """libyaakhbar.com style: banner, headline, attribution, body, footer, source profile."""
    outlet = rng.choice(OUTLETS)
    body = (
        f"ليبيا الان\n\n{story.headline}\n\nمصدر الخبر / {outlet}\n\n{story.body}\n\n"
        f"يمكنك ايضا قراءة الخبر في المصدر من {outlet}\n\nعن مصدر الخبر\n\n{outlet}"
    )
    return Doc(story.id, "aggregator", story.headline, body)


def retyped_quotes(story: Story, rng: random.Random) -> Doc:
    """Punctuation retyped: Arabic commas to Latin, a quoted clause, quotes of another kind."""
    paragraphs = []
    for paragraph in story.paragraphs:
        words = paragraph.replace("،", ",").split()
        start = rng.randrange(0, max(1, len(words) - 6))
        quote = rng.choice([("«", "»"), ('"', '"'), ("“", "”")])
        words[start] = quote[0] + words[start]
        words[start + 5 if start + 5 < len(words) else -1] += quote[1]
        paragraphs.append(" ".join(words))
    return Doc(story.id, "retyped_quotes", story.headline, "\n\n".join(paragraphs))


def cut_paragraph(story: Story, rng: random.Random) -> Doc:
    """One paragraph other than the lead left out."""
    cut = rng.randrange(1, len(story.paragraphs))
    kept = [p for i, p in enumerate(story.paragraphs) if i != cut]
    return Doc(story.id, "cut_paragraph", story.headline, "\n\n".join(kept))


def truncated(story: Story, rng: random.Random) -> Doc:
    """Only about the first half, cut mid-paragraph, with a "read more" tail."""
    words = story.body.split(" ")
    keep = int(len(words) * rng.uniform(0.45, 0.55))
    return Doc(
        story.id, "truncated", story.headline, " ".join(words[:keep]) + " ...\n\nاقرأ المزيد"
    )


def short_headline(story: Story, rng: random.Random) -> Doc:
    """A shorter headline, repeated as the body's first line, and a dateline."""
    headline = " ".join(story.headline.split()[: rng.randint(4, 6)])
    body = f"{headline}\n\nطرابلس - {story.body}"
    return Doc(story.id, "short_headline", headline, body)


def _spell_word(word: str, rng: random.Random) -> str:
    """One word with tashkeel, tatweel or another hamza/ya/ta-marbuta habit."""
    roll = rng.random()
    if roll < 0.35 and len(word) > 2:
        return "".join(c + (rng.choice(HARAKAT) if rng.random() < 0.5 else "") for c in word)
    if roll < 0.45 and len(word) > 3:
        middle = len(word) // 2
        return word[:middle] + "ـــ" + word[middle:]
    word = word.replace("أ", "ا").replace("إ", "ا") if roll < 0.7 else word
    if word.endswith("ي") and rng.random() < 0.5:
        word = word[:-1] + "ى"
    if word.endswith("ة") and rng.random() < 0.5:
        word = word[:-1] + "ه"
    return word.replace("ؤ", "ئ")


def spelling_variants(story: Story, rng: random.Random) -> Doc:
    """Vocalised words, tatweel, bare alefs, ى/ي and ة/ه swaps, Arabic-Indic digits."""
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    paragraphs = [
        " ".join(_spell_word(w, rng) if rng.random() < 0.4 else w for w in p.split()).translate(
            digits
        )
        for p in story.paragraphs
    ]
    return Doc(story.id, "spelling", story.headline, "\n\n".join(paragraphs))


def edited(story: Story, rng: random.Random) -> Doc:
    """A few words swapped for synonyms and one short sentence added."""
    words = story.body.split(" ")
    swappable = [i for i, w in enumerate(words) if w in SWAPS]
    for index in rng.sample(swappable, min(4, len(swappable))):
        words[index] = SWAPS[words[index]]
    if len(swappable) < 4:
        for index in rng.sample(range(len(words)), 4 - len(swappable)):
            words[index] = "أيضاً"
    body = " ".join(words) + "\n\nوسنوافيكم بالتفاصيل لاحقاً."
    return Doc(story.id, "edited", story.headline, body)


def site_copy(story: Story, rng: random.Random) -> Doc:
    """Another outlet's copy: its dateline and its long site footer."""
    return Doc(
        story.id, "site_footer", story.headline, f"بوابة الوسط - {story.body}\n\n{SITE_FOOTER}"
    )


def combined(story: Story, rng: random.Random) -> Doc:
    """Aggregator wrapping of a spelling-variant copy with a paragraph cut."""
    cut = cut_paragraph(story, rng)
    spelled = spelling_variants(
        Story(story.id, "", "", story.headline, tuple(cut.body.split("\n\n"))), rng
    )
    wrapped = aggregator_copy(Story(story.id, "", "", story.headline, (spelled.body,)), rng)
    return Doc(story.id, "combined", story.headline, wrapped.body)


def truncated_third(story: Story, rng: random.Random) -> Doc:
    """Only about the first third: a teaser that still carries the lead."""
    words = story.body.split(" ")
    keep = int(len(words) * rng.uniform(0.3, 0.36))
    return Doc(story.id, "truncated_third", story.headline, " ".join(words[:keep]))


def wrapped_half(story: Story, rng: random.Random) -> Doc:
    """Aggregator wrapping of a spelling-variant copy cut to about half."""
    half = truncated(story, rng)
    spelled = spelling_variants(Story(story.id, "", "", story.headline, (half.body,)), rng)
    wrapped = aggregator_copy(Story(story.id, "", "", story.headline, (spelled.body,)), rng)
    return Doc(story.id, "wrapped_half", story.headline, wrapped.body)


def new_lead(story: Story, rng: random.Random) -> Doc:
    """The outlet writes its own opening paragraph; the rest is the original's."""
    lead = (
        f"نشرت مصادر محلية تفاصيل جديدة حول {' '.join(story.headline.split()[:4])}، "
        "وذلك في وقت تتابع فيه الأوساط الليبية التطورات باهتمام كبير وسط ترقب لما ستسفر عنه "
        "الأيام المقبلة من قرارات وإجراءات على الأرض."
    )
    return Doc(story.id, "new_lead", story.headline, "\n\n".join((lead, *story.paragraphs[1:])))


COPIES: tuple[Callable[[Story, random.Random], Doc], ...] = (
    aggregator_copy,
    retyped_quotes,
    cut_paragraph,
    truncated,
    short_headline,
    spelling_variants,
    edited,
    site_copy,
    combined,
    truncated_third,
    wrapped_half,
    new_lead,
)


def build_docs(stories: list[Story], seed: int) -> list[Doc]:
    """The originals, their copies, and the footer-only trap pages."""
    rng = random.Random(seed)
    docs = [Doc(s.id, "original", s.headline, s.body) for s in stories]
    docs += [copy(s, rng) for s in stories for copy in COPIES]
    return docs


# --- the run ---------------------------------------------------------------------------------


def assign_stories(docs: list[Doc], order: list[int]) -> tuple[dict[int, int], float]:
    """File docs in ``order`` in a fresh store (``Store.file_article``, the real decision,
    merges included); return doc index -> story id, and seconds per doc."""
    with tempfile.TemporaryDirectory(prefix="dedup_accuracy_") as folder:
        store = Store(Path(folder) / "ingest.db")
        started = time.perf_counter()
        for index in order:
            doc = docs[index]
            url = f"https://doc{index}.ly/1"  # one outlet per document: copies are not aliases
            cand = Candidate(f"doc{index}", url, "feed", "https://bench.ly/rss")
            article = Article(url=url, headline=doc.headline, body=doc.body)
            store.file_article(writer.prepare(cand.source, cand, None, article))
        secs = (time.perf_counter() - started) / len(order)
        story_of = {
            int(source[3:]): int(story)
            for source, story in store.rows("SELECT source, story_id FROM articles")
        }
        store.close()
    return story_of, secs


def pair_scores(docs: list[Doc], story_of: dict[int, int]) -> tuple[float, float, int, int]:
    """Pair precision, recall, false-positive and false-negative pair counts."""
    tp = fp = fn = 0
    for a, b in combinations(range(len(docs)), 2):
        truth = docs[a].story == docs[b].story
        predicted = story_of[a] == story_of[b]
        tp += truth and predicted
        fp += predicted and not truth
        fn += truth and not predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, fp, fn


def kind_recall(docs: list[Doc], story_of: dict[int, int]) -> dict[str, float]:
    """Per kind of copy: share filed under the same story as its original."""
    original = {d.story: i for i, d in enumerate(docs) if d.kind == "original"}
    hits: dict[str, list[bool]] = {}
    for index, doc in enumerate(docs):
        if doc.kind != "original":
            hits.setdefault(doc.kind, []).append(story_of[index] == story_of[original[doc.story]])
    return {kind: sum(h) / len(h) for kind, h in hits.items()}


# --- band layouts ------------------------------------------------------------------------------


MinHashes = tuple[signatures.U64Array, signatures.U64Array, signatures.U64Array, set[int]]


def _mins(doc: Doc) -> MinHashes:
    """128 minima over the body, over its lead and over its tail; the shingle set."""
    lines = signatures.key_lines(doc.body, doc.headline)
    shingles = signatures.shingle_hashes(signatures.key_words(lines))
    hashed = signatures.permutation_hashes(shingles)
    body = hashed.min(axis=0) >> np.uint64(32)
    lead = hashed[: signatures.LEAD_SHINGLES].min(axis=0) >> np.uint64(32)
    tail = hashed[-signatures.LEAD_SHINGLES :].min(axis=0) >> np.uint64(32)
    return body, lead, tail, set(shingles.tolist())


def _collide(
    a: signatures.U64Array, b: signatures.U64Array, bands: int, rows: int, offset: int = 0
) -> bool:
    """True when some band of ``rows`` values starting at ``offset`` is equal in a and b."""
    equal = a[offset : offset + bands * rows] == b[offset : offset + bands * rows]
    return bool(equal.reshape(bands, rows).all(axis=1).any())


def layout_recall(stories: list[Story], seeds: range) -> None:
    """Candidate recall by kind of copy for three band layouts, and hard-negative margins."""
    Layout = Callable[[MinHashes, MinHashes], bool]
    layouts: dict[str, Layout] = {
        "25x5 body": lambda a, b: _collide(a[0], b[0], 25, 5),
        "32x4 body": lambda a, b: _collide(a[0], b[0], 32, 4),
        "24x4 body + 8x4 lead": lambda a, b: (
            _collide(a[0], b[0], 24, 4) or _collide(a[1], b[1], 8, 4, offset=96)
        ),
        "20x4 + 6x4 lead + 6x4 tail": lambda a, b: (
            _collide(a[0], b[0], 20, 4)
            or _collide(a[1], b[1], 6, 4, offset=80)
            or _collide(a[2], b[2], 6, 4, offset=104)
        ),
    }
    found: dict[str, dict[str, list[bool]]] = {name: {} for name in layouts}
    similarity: dict[str, list[float]] = {}
    for seed in seeds:
        docs = build_docs(stories, seed)
        prepared = [_mins(d) for d in docs]
        original = {d.story: i for i, d in enumerate(docs) if d.kind == "original"}
        for index, doc in enumerate(docs):
            if doc.kind == "original":
                continue
            first, copy = prepared[original[doc.story]], prepared[index]
            for name, collide in layouts.items():
                found[name].setdefault(doc.kind, []).append(collide(first, copy))
            jaccard, _ = dedup.jaccard_containment(first[3], copy[3])
            similarity.setdefault(doc.kind, []).append(jaccard)
    kinds = list(next(iter(found.values())))
    print(f"\nLSH candidate recall by kind of copy (pair original-copy, {len(seeds)} seeds)")
    print(f"{'kind':16} {'median J':>9} " + " ".join(f"{n:>26}" for n in layouts))
    for kind in kinds:
        cells = " ".join(f"{sum(found[n][kind]) / len(found[n][kind]):>26.3f}" for n in layouts)
        print(f"{kind:16} {statistics.median(similarity[kind]):>9.2f} {cells}")
    overall = " ".join(
        f"{sum(sum(v) for v in found[n].values()) / sum(len(v) for v in found[n].values()):>26.3f}"
        for n in layouts
    )
    print(f"{'all':16} {'':>9} {overall}")
    docs = build_docs(stories, seeds[0])
    prepared = [_mins(d) for d in docs]
    negatives = [
        (a, b) for a, b in combinations(range(len(docs)), 2) if docs[a].story != docs[b].story
    ]
    noise = " ".join(
        f"{sum(collide(prepared[a], prepared[b]) for a, b in negatives):>26}"
        for collide in layouts.values()
    )
    print(f"{'false cand.':16} {'':>9} {noise}   (of {len(negatives)} negative pairs)")

    originals = [Doc(s.id, "original", s.headline, s.body) for s in stories]
    sets = {d.story: _mins(d)[3] for d in originals}
    topic = {s.id: s.topic for s in stories}
    same_topic = []
    for a, b in combinations(sets, 2):
        jaccard, containment = dedup.jaccard_containment(sets[a], sets[b])
        same_topic.append((jaccard, containment, topic[a] == topic[b]))
    hard = [x for x in same_topic if x[2]]
    print(
        f"\nhard negatives (different stories, same topic and day, {len(hard)} pairs): "
        f"max Jaccard {max(h[0] for h in hard):.3f}, max containment {max(h[1] for h in hard):.3f}"
        f" (thresholds {dedup.JACCARD_MIN} / {dedup.CONTAINMENT_MIN})"
    )


def threshold_sweep(stories: list[Story], seed: int = 0) -> None:
    """Pairwise verification alone (no LSH, no footer guard) under several thresholds."""
    docs = build_docs(stories, seed)
    sets = [_mins(d)[3] for d in docs]
    scores = []
    for a, b in combinations(range(len(docs)), 2):
        if min(len(sets[a]), len(sets[b])) == 0:
            continue
        jaccard, containment = dedup.jaccard_containment(sets[a], sets[b])
        scores.append((jaccard, containment, docs[a].story == docs[b].story))
    negatives = [s for s in scores if not s[2]]
    print(
        f"\nverification alone, all {len(scores)} document pairs (seed {seed}): negatives reach"
        f" max Jaccard {max(n[0] for n in negatives):.3f}, max containment"
        f" {max(n[1] for n in negatives):.3f}"
    )
    print(f"{'J min':>6} {'C min':>6} {'precision':>10} {'recall':>8}")
    for j_min, c_min in ((0.7, 0.9), (0.6, 0.8), (0.5, 0.75), (0.5, 0.7), (0.4, 0.6), (0.3, 0.5)):
        tp = sum(1 for j, c, same in scores if same and (j >= j_min or c >= c_min))
        fp = sum(1 for j, c, same in scores if not same and (j >= j_min or c >= c_min))
        positives = sum(1 for s in scores if s[2])
        print(f"{j_min:>6} {c_min:>6} {tp / max(1, tp + fp):>10.4f} {tp / positives:>8.4f}")


def footer_trap(stories: list[Story]) -> int:
    """Pairs of different same-topic stories carrying one long identical footer that merge."""
    merged = 0
    pairs = [(a, b) for a, b in combinations(stories, 2) if a.topic == b.topic]
    for a, b in pairs:
        short_a = a.paragraphs[0] + "\n\n" + SITE_FOOTER
        short_b = b.paragraphs[0] + "\n\n" + SITE_FOOTER
        merged += dedup.is_near_duplicate(short_a, short_b)
    footer_words = len(SITE_FOOTER.split())
    print(
        f"footer trap (lead paragraph + identical {footer_words}-word footer,"
        f" {len(pairs)} same-topic pairs): {merged} merged"
    )
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="shuffled arrival orders")
    args = parser.parse_args()
    stories = load_stories()
    print(
        f"params: num_perm={signatures.NUM_PERM}"
        f" bands={signatures.BODY_BANDS}x{signatures.ROWS_PER_BAND} body"
        f" + {signatures.LEAD_BANDS}x{signatures.ROWS_PER_BAND} lead"
        f" ({signatures.LEAD_SHINGLES} shingles),"
        f" shingle={signatures.SHINGLE_WORDS} words, J>={dedup.JACCARD_MIN} or"
        f" C>={dedup.CONTAINMENT_MIN}, min words {signatures.MIN_WORDS}"
    )
    results = []
    kinds: dict[str, list[float]] = {}
    for run in range(args.runs):
        docs = build_docs(stories, seed=run)
        order = list(range(len(docs)))
        random.Random(1000 + run).shuffle(order)
        story_of, secs = assign_stories(docs, order)
        results.append((*pair_scores(docs, story_of), secs))
        for kind, value in kind_recall(docs, story_of).items():
            kinds.setdefault(kind, []).append(value)
    docs_count = len(build_docs(stories, 0))
    positives = sum(1 for a, b in combinations(build_docs(stories, 0), 2) if a.story == b.story)
    print(
        f"labelled set: {len(stories)} base stories, {docs_count} documents, "
        f"{positives} positive pairs, {docs_count * (docs_count - 1) // 2 - positives} negative"
    )
    print(
        f"\n{'run':>4} {'precision':>10} {'recall':>8} {'FP pairs':>9} {'FN pairs':>9} {'ms/doc':>7}"
    )
    for run, (precision, recall, fp, fn, secs) in enumerate(results):
        print(f"{run:>4} {precision:>10.4f} {recall:>8.4f} {fp:>9} {fn:>9} {secs * 1000:>7.2f}")
    print(
        f"{'med':>4} {statistics.median(r[0] for r in results):>10.4f}"
        f" {statistics.median(r[1] for r in results):>8.4f}"
    )
    print(f"{'min':>4} {min(r[0] for r in results):>10.4f} {min(r[1] for r in results):>8.4f}")
    print("\nrecall by kind of copy (filed under its original's story), mean over runs")
    for kind, values in kinds.items():
        print(f"  {kind:16} {statistics.mean(values):.3f}")
    footer_trap(stories)
    threshold_sweep(stories)
    layout_recall(stories, range(args.runs))


if __name__ == "__main__":
    main()
