"""Generates the landscape's articles: each outlet's own, then the aggregator's copies.

All randomness comes from one ``random.Random(seed)``, drawn in a fixed order, so a
landscape built with the same specs and seed serves the same stories on every run.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from tests.landscape import vocabulary as v
from tests.landscape.content import (
    ExpectedArticle,
    TextMaker,
    arabic_date,
    arabic_slug,
    copy_paragraphs,
    iso_z,
    load_seed,
    parse_z,
    shorten_headline,
    spread_times,
    translit_slug,
)
from tests.landscape.outlets import Outlet

COPIED_STYLES = ("wordpress", "custom", "legacy", "saa24")  # the aggregator republishes these
FIRST_COPY_ID = 2794437  # libyaakhbar.com article ids were near this in 2026


class Builder:
    """Makes articles for outlets from one seeded generator."""

    def __init__(self, seed: int, reference_time: datetime) -> None:
        self.rng = random.Random(seed)
        self.maker = TextMaker(self.rng)
        self.reference_time = reference_time

    def build(self, outlets: list[Outlet]) -> None:
        """Generate every outlet's articles, then the aggregator's copies of them."""
        rng = self.rng
        for outlet in outlets:
            if outlet.style in ("aggregator", "closed"):
                continue
            count = outlet.spec.articles
            newest = self.reference_time - timedelta(minutes=rng.randint(0, 90))
            times = list(spread_times(count, rng, newest))
            if outlet.style == "saa24" and count:
                seed = load_seed()
                self.new_article(
                    outlet,
                    times.pop(1 if count > 1 else 0),
                    (seed.headline, seed.paragraphs, seed.headings),
                )
            for moment in times:
                self.new_article(outlet, moment)
            outlet.reindex()
        for outlet in outlets:
            if outlet.style == "aggregator":
                self.build_copies(outlet, outlets)
            if outlet.style == "broken":
                outlet.traps[outlet.base_url + "/article/404-gone"] = "not-found"
                outlet.traps[outlet.base_url + "/tag/libya/"] = "no-article"

    def new_article(
        self,
        outlet: Outlet,
        published: datetime,
        story: tuple[str, list[str], tuple[int, ...]] | None = None,
        author: str | None = None,
    ) -> ExpectedArticle:
        """Make one article for ``outlet`` and add it to its list."""
        rng = self.rng
        if story is None:
            story = self.maker.story_en() if outlet.language == "en" else self.maker.story_ar()
        headline, paragraphs, headings = story[0], list(story[1]), story[2]
        published = published.replace(microsecond=0)
        post_id = outlet.next_post_id
        outlet.next_post_id += rng.randint(1, 4)
        if outlet.style == "drupal":
            slug = "-".join(headline.lower().split())
        elif outlet.style == "saa24":
            slug = translit_slug(headline)
        else:
            slug = arabic_slug(headline)
        if outlet.style == "legacy":
            city = rng.choice(("طرابلس", "بنغازي", "سبها", "مصراتة"))
            paragraphs[0] = f"{city} {arabic_date(published)} ( وال ) - {paragraphs[0]}"
        if author is None and outlet.style in ("wordpress", "drupal", "saa24", "broken"):
            author = rng.choice(v.AUTHORS_EN if outlet.language == "en" else v.AUTHORS_AR)
        path = outlet.article_path(post_id, headline, published, slug)
        url = outlet.base_url + path
        article = ExpectedArticle(
            outlet_id=outlet.id,
            url=url,
            path=path,
            headline=headline,
            paragraphs=paragraphs,
            published_at=iso_z(published),
            author=author,
            language=outlet.language,
            guid=outlet.guid_for(post_id, url),
            headings=headings,
            post_id=post_id,
            caption=rng.choice(v.CAPTIONS_AR),
            extra={"slug": slug, "city": rng.choice(("القاهرة", "طرابلس", "بنغازي"))},
        )
        outlet.articles.append(article)
        return article

    def build_copies(self, aggregator: Outlet, outlets: list[Outlet]) -> None:
        """Republish about half of the Arabic outlets' stories, and always the seed."""
        rng = self.rng
        seed_headline = load_seed().headline
        for source in outlets:
            if source.style not in COPIED_STYLES:
                continue
            for original in source.articles:
                is_seed = original.headline == seed_headline
                if not is_seed and rng.random() >= 0.5:
                    continue
                self.copy_article(aggregator, source, original, exact=is_seed)
        aggregator.reindex()
        sources = [o for o in outlets if o.style in COPIED_STYLES and o.articles]
        if sources:
            # A story linked only under /private/, which robots.txt disallows.
            trap = self.copy_article(aggregator, sources[0], sources[0].articles[-1], exact=False)
            aggregator.articles.remove(trap)
            trap.path = "/private" + trap.path
            trap.url = aggregator.base_url + trap.path
            trap.guid = trap.url
            aggregator.hidden.append(trap)
            aggregator.traps[trap.url] = "robots-disallowed"
        aggregator.reindex()

    def copy_article(
        self, aggregator: Outlet, source: Outlet, original: ExpectedArticle, exact: bool
    ) -> ExpectedArticle:
        """One aggregator copy of ``original``, with the usual small transformations."""
        rng = self.rng
        post_id = aggregator.next_post_id = max(
            aggregator.next_post_id, FIRST_COPY_ID
        ) + rng.randint(1, 9)
        published = parse_z(original.published_at) + timedelta(minutes=rng.randint(15, 180))
        if exact:
            headline, paragraphs, headings = (
                original.headline,
                list(original.paragraphs),
                original.headings,
            )
        else:
            headline = (
                shorten_headline(original.headline) if rng.random() < 0.3 else original.headline
            )
            paragraphs, headings = copy_paragraphs(original.paragraphs, original.headings, rng)
        path = aggregator.article_path(post_id, headline, published, "")
        url = aggregator.base_url + path
        copy = ExpectedArticle(
            outlet_id=aggregator.id,
            url=url,
            path=path,
            headline=headline,
            paragraphs=paragraphs,
            published_at=iso_z(published),
            author=None,
            language="ar",
            original_source=source.short_name,
            original_url=original.url if (exact or rng.random() < 0.5) else None,
            copy_of=original.url,
            guid=url,
            headings=headings,
            post_id=post_id,
            extra={"source_long": source.long_name},
        )
        aggregator.articles.append(copy)
        return copy

    def rebase(self, outlets: list[Outlet], bases: dict[str, str]) -> None:
        """Rewrite every URL after a restart put the outlets on new ports."""
        moves = {o.base_url: bases[o.id] for o in outlets}

        def move(url: str | None) -> str | None:
            if url is None:
                return None
            for old, new in moves.items():
                if url == old or url.startswith(old + "/"):
                    return new + url[len(old) :]
                if url.endswith(" at " + old):  # Drupal GUIDs: "<nid> at <base>"
                    return url[: -len(old)] + new
            return url

        for outlet in outlets:
            for group in (outlet.articles, outlet.hidden):
                group[:] = [
                    replace(
                        a,
                        url=move(a.url) or a.url,
                        guid=move(a.guid) or a.guid,
                        original_url=move(a.original_url),
                        copy_of=move(a.copy_of),
                    )
                    for a in group
                ]
            outlet.traps = {move(k) or k: why for k, why in outlet.traps.items()}
            outlet.rebase(bases[outlet.id])
