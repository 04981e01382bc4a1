"""A WordPress REST API post becomes a record without a page fetch or a fake page."""

from __future__ import annotations

from ingest.extract.post import article_from_post
from ingest.models import Candidate, Source

SOURCE = Source(id="marsad", name="المرصد", homepage="https://almarsad.co/", language="ar")
PARAGRAPHS = [
    "أعلنت وزارة الصحة في حكومة الوحدة الوطنية عن إطلاق حملة وطنية للتطعيم ضد شلل الأطفال.",
    "وقال مدير المركز الوطني لمكافحة الأمراض إن الحملة ستشمل المناطق النائية في الجنوب.",
]


def post(content: str, **fields: str) -> Candidate:
    return Candidate(
        source="marsad",
        url="https://almarsad.co/2026/11/29/slug/",
        method="wordpress",
        found_on="https://almarsad.co/wp-json/wp/v2/posts",
        title="الصحة تطلق حملة للتطعيم",
        content_html=content,
        **fields,
    )


def test_a_post_is_a_record_with_the_apis_exact_fields() -> None:
    cand = post(
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
        published_at="2026-11-28T22:30:00Z",
        published_local="2026-11-29T00:30:00+02:00",
        published_precision="second",
        author="محمد الترهوني",
    )
    article = article_from_post(cand, SOURCE)
    assert article.skip_reason is None
    assert article.headline == "الصحة تطلق حملة للتطعيم"
    assert article.body == "\n\n".join(PARAGRAPHS)
    assert (article.published_at, article.published_local, article.published_precision) == (
        "2026-11-28T22:30:00Z",
        "2026-11-29T00:30:00+02:00",
        "second",
    )
    assert article.author == "محمد الترهوني"
    assert article.language == "ar"
    assert article.methods["headline"] == "wordpress" and article.methods["body"] == "wordpress"
    assert article.methods["published_at"] == "wordpress"


def test_a_republished_post_names_its_original_and_drops_the_wrapper() -> None:
    html = (
        "<p>مصدر الخبر / بوابة الوسط</p>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<p>The post الصحة تطلق حملة appeared first on بوابة الوسط.</p>"
    )
    article = article_from_post(post(html), SOURCE)
    assert article.original_source == "بوابة الوسط"
    assert article.body is not None
    assert "مصدر الخبر" not in article.body and "appeared first" not in article.body


def test_an_empty_post_is_no_article() -> None:
    article = article_from_post(post("<p> </p>"), SOURCE)
    assert article.skip_reason is not None and article.body is None
