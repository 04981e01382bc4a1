"""Authors: people before organisations, never the site itself, bylines cleaned."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.author_names import clean_author, marked_name
from ingest.extract.authors import choose_author
from ingest.extract.metadata import parse_html_tree, read_page


def test_jsonld_person_wins() -> None:
    tree = parse_html_tree(
        '<html><head><meta name="author" content="Someone Else">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author":'
        ' {"@type": "Person", "name": "هدى الترهوني"}}</script></head><body><p>x</p></body></html>'
    )
    assert choose_author(read_page(tree), tree) == ("هدى الترهوني", "jsonld")


def test_author_prefers_people_and_skips_the_site() -> None:
    head = (
        '<meta property="og:site_name" content="Alwasat">'
        '<meta name="author" content="alwasat.ly">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author":'
        ' [{"@type": "Organization", "name": "Alwasat"}]}</script>'
    )
    tree = parse_html_tree(
        f'<html><head>{head}</head><body><span class="byline">By Ahmed Salem</span></body></html>'
    )
    assert choose_author(read_page(tree), tree) == ("Ahmed Salem", "byline")


def author_of(head: str = "", body: str = "<p>نص الخبر</p>") -> tuple[str | None, str]:
    """The author chosen for a small page."""
    tree = parse_html_tree(f"<html><head>{head}</head><body>{body}</body></html>")
    return choose_author(read_page(tree), tree)


def ld(data: object) -> str:
    """A JSON-LD script element."""
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def test_yoast_graph_author_is_looked_up_by_id() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "author": {"@id": "https://x.ly/#/schema/person/1"}},
            {"@type": "Person", "@id": "https://x.ly/#/schema/person/1", "name": "Jane Doe"},
        ],
    }
    assert author_of(ld(graph)) == ("Jane Doe", "jsonld")


def test_unresolvable_or_hostile_jsonld_ids() -> None:
    dangling = {"@type": "Article", "author": {"@id": "#nobody"}}
    assert author_of(ld(dangling)) == (None, "none")
    deep: object = {"@id": "#p", "name": "Deep Nested"}
    for _ in range(500):
        deep = [deep]
    hostile = ld({"@type": "Article", "author": [{"@id": 7}, "x" * 500, {"@id": "#p"}]})
    broken = "<script type='application/ld+json'>{</script>"
    assert author_of(hostile + broken + ld({"@graph": deep})) == ("Deep Nested", "jsonld")


def test_blog_owner_typed_person_and_organization_is_a_person() -> None:
    graph = {
        "@graph": [
            {"@type": "BlogPosting", "author": {"@id": "#me"}},
            {"@type": ["Person", "Organization"], "@id": "#me", "name": "Christoph Hein"},
        ]
    }
    head = '<meta property="og:site_name" content="Angelmagazin.de">' + ld(graph)
    body = '<span class="byline">Christoph Hein Chefredakteur</span><p>x</p>'
    assert author_of(head, body) == ("Christoph Hein", "jsonld")


def test_yoast_written_by_label_names_the_writer() -> None:
    for label in ("Written by", "Verfasst von", "Écrit par", "كُتب بواسطة"):
        head = (
            '<meta name="twitter:label1" content="Est. reading time">'
            '<meta name="twitter:data1" content="3 minutes">'
            f'<meta name="twitter:label2" content="{label}">'
            '<meta name="twitter:data2" content="Karoline Herr">'
        )
        assert author_of(head) == ("Karoline Herr", "meta"), label
    reading_only = (
        '<meta name="twitter:label1" content="Geschätzte Lesezeit">'
        '<meta name="twitter:data1" content="9 Minuten">'
    )
    assert author_of(reading_only) == (None, "none")


def test_analytics_and_sharing_meta_tags_name_the_author() -> None:
    for key in ("cXenseParse:author", "sailthru.author", "og:author"):
        assert author_of(f'<meta property="{key}" content="Lisa Petrich">') == (
            "Lisa Petrich",
            "meta",
        ), key
    assert author_of('<meta property="article:author" content="https://fb.com/x">')[0] is None


def test_personal_blog_author_is_not_mistaken_for_the_site() -> None:
    head = (
        '<meta property="og:site_name" content="Daniel Lemire\'s blog">'
        '<meta name="author" content="Daniel Lemire">'
    )
    assert author_of(head) == ("Daniel Lemire", "meta")


def test_name_decorated_with_the_site_loses_to_a_plain_name() -> None:
    head = (
        '<meta property="og:site_name" content="unocero">'
        '<meta name="author" content="unocero - Alberto Ávila">'
    )
    assert author_of(head, '<span class="author">Alberto Ávila</span>') == (
        "Alberto Ávila",
        "byline",
    )
    assert author_of(head) == ("unocero - Alberto Ávila", "meta")


def test_the_site_itself_is_never_the_author() -> None:
    head = (
        '<meta property="og:site_name" content="Telebasel"><meta name="author" content="telebasel">'
    )
    assert author_of(head) == (None, "none")
    assert author_of(head, '<span class="byline">By Anna Meier</span>') == ("Anna Meier", "byline")


def test_byline_containers_beyond_author_classes() -> None:
    cases = {
        '<div class="liveArticleAuthorDateBlock"><span>Autor:</span> Fritz Imhof</div>': "Fritz Imhof",
        "<byline>Von David Hutzler</byline>": "David Hutzler",
        '<span class="auteurs">Didier Roy</span>': "Didier Roy",
        '<div class="wrote_by"><a href="/u/1">Jose de la Cruz</a></div>': "Jose de la Cruz",
        '<span class="field-field-contributor"><a>Matthieu Hy</a></span>': "Matthieu Hy",
        '<span class="byline">Posted on September 21, 2020 by Adi Tzlil</span>': "Adi Tzlil",
        '<p class="postmetadata">Von R. R. am 07.08.2013 um 09:07 Uhr</p>': "R. R.",
    }
    for body, expected in cases.items():
        assert author_of("", body + "<p>x</p>")[0] == expected, body


def test_comment_authors_and_form_labels_are_not_bylines() -> None:
    body = (
        '<div id="comments"><span class="comment-author">Troll</span></div>'
        '<form><label class="comment-form-author">Name (erforderlich)</label></form>'
    )
    assert author_of("", body) == (None, "none")


def test_arabic_bylines_in_date_lines() -> None:
    cases = {
        '<div class="post-meta">نشر في 12 مارس 2024 بواسطة محمد علي</div>': "محمد علي",
        '<span class="author">الأحد 12 مارس 2024 | بقلم أحمد سالم</span>': "أحمد سالم",
        '<div class="entry-meta">كتب: سالم الورفلي | 12/03/2024</div>': "سالم الورفلي",
        '<span class="byline">تقرير: هدى الترهوني</span>': "هدى الترهوني",
    }
    for body, expected in cases.items():
        assert author_of("", body + "<p>x</p>")[0] == expected, body


def test_paragraph_that_is_only_a_byline() -> None:
    body = "<p>Erster Absatz des Textes, lang genug.</p><p><i>von Daniela Obers</i></p>"
    assert author_of("", body) == ("Daniela Obers", "byline")
    assert author_of("", "<p>بقلم: سالم الورفلي</p><p>نص</p>") == ("سالم الورفلي", "byline")
    for text in ("von hier aus gesehen", "By the way, this is a sentence", "Von " + "A " * 40):
        assert author_of("", f"<p>{text}</p>") == (None, "none"), text
    comment = '<div class="comments"><p>Von Anna Meier</p></div>'
    assert author_of("", comment) == (None, "none")


def test_a_copyright_line_names_no_author() -> None:
    footer = "<footer><p>Copyright (c) 2012- Gregory Szorc. All rights reserved.</p></footer>"
    assert author_of("", "<p>x</p>" + footer) == (None, "none")
    assert author_of("", '<span class="author">Anna Meier</span>' + footer)[0] == "Anna Meier"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_cleaners_survive_any_text(text: str) -> None:
    for result in (clean_author(text), marked_name(text)):
        assert result is None or (0 < len(result) <= 80 and result == result.strip())
    tree = parse_html_tree(f"<html><body><span class='byline'>{text}</span>© {text}</body></html>")
    if tree is not None:
        name, _ = choose_author(read_page(tree), tree)
        assert name is None or len(name) <= 200


def test_a_label_element_names_the_writer_that_follows_it() -> None:
    text = "<p>Ein Absatz des Artikels, lang genug für einen Text.</p>"
    assert author_of(
        "", text + "<p><strong>Autor:</strong> <a href='/p/1'>Klaus Friedrich</a></p>"
    ) == (
        "Klaus Friedrich",
        "byline",
    )
    assert author_of("", text + "<h5>Autor: </h5>Peter Maahn/SP-X")[0] == "Peter Maahn"
    assert author_of("", "<div><span>بقلم:</span> <a href='/u/7'>سالم الورفلي</a></div>")[0] == (
        "سالم الورفلي"
    )
    # A noun needs its colon ("author" describes someone in a list of signatories), and
    # labels in menus, options and comment forms name nobody.
    listing = "<p><strong>Marie Arana</strong>, <span>author</span><br><strong>Margaret Atwood</strong></p>"
    assert author_of("", listing) == (None, "none")
    menu = "<nav><ul><li><span>Von:</span> Anna Meier</li></ul></nav>"
    assert author_of("", menu) == (None, "none")
    form = "<form><label>By</label><select><option>Status: Open</option></select></form>"
    assert author_of("", form) == (None, "none")
    assert author_of("", "<p><b>Von:</b> dem Team der Stadt</p>") == (None, "none")


def test_links_to_an_author_page_name_the_writers() -> None:
    byline = (
        '<div class="x"><a href="/autor/isabel-caro">Isabel Caro</a>, '
        '<a href="/autor/rocio-latorre">Rocío Latorre</a> y '
        '<a href="/autor/jose-miguel-wilson">José Miguel Wilson</a></div>'
    )
    assert author_of("", byline) == ("Isabel Caro, Rocío Latorre, José Miguel Wilson", "byline")
    arabic = '<div><a href="/author/salem/">سالم الورفلي</a></div><p>نص الخبر</p>'
    assert author_of("", arabic)[0] == "سالم الورفلي"
    # The text of a link to a profile page is a name only when the address says so.
    account = '<ul><li><a href="/de/profile/favorites">Followed Teams</a></li></ul>'
    assert author_of("", account) == (None, "none")
    sidebar = '<aside><a href="/author/anna-meier">Anna Meier</a></aside>'
    assert author_of("", sidebar) == (None, "none")


def test_an_organisation_named_as_author_waits_for_a_person() -> None:
    head = '<meta name="author" content="L-MAG – Das Magazin für Lesben">'
    body = "<p>Ein langer Absatz des Artikels über das Gedenken.</p><p>Von Claudia Lindner</p>"
    assert author_of(head, body) == ("Claudia Lindner", "byline")
    # With no person on the page, the organisation is still the byline.
    assert author_of(head, "<p>Ein langer Absatz.</p>")[0] == "L-MAG – Das Magazin für Lesben"
    arabic = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "بوابة الوسط"}})
    assert author_of(arabic, "<p>بقلم: سالم الورفلي</p><p>نص</p>")[0] == "سالم الورفلي"


def test_a_first_name_or_login_grows_into_the_full_name_the_page_prints() -> None:
    caption = "<p>Ein Absatz.</p><p><small>Foto: Stefanus Stahl</small></p>"
    assert author_of('<meta name="author" content="Stefanus">', caption)[0] == "Stefanus Stahl"
    bio = "<p>Ein Absatz.</p><p>Christian P. Stadtfeld ist Chefredakteur.</p>"
    assert author_of('<meta name="author" content="christian.stadtfeld">', bio)[0] == (
        "Christian P. Stadtfeld"
    )
    printed = "<p>Text.</p><p>Fotos: Arian Schlichenmayer</p>"
    assert author_of('<meta name="author" content="arianschlichenmayer">', printed)[0] == (
        "Arian Schlichenmayer"
    )
    # Two different surnames after the first name: which one wrote it is unknown.
    two = "<p>Henry Ford baute Autos.</p><p>Henry Miller schrieb Bücher.</p>"
    assert author_of('<meta name="author" content="Henry">', two)[0] == "Henry"
    assert author_of('<meta name="author" content="Henry">', "<p>Kein Name.</p>")[0] == "Henry"


def test_an_author_box_heading_names_the_writer() -> None:
    box = (
        '<p>Ein Absatz des Artikels.</p><div class="author-bio footer"><h3>Martin Junker</h3>'
        "<p>Martin schreibt seit 2015 über Finanzierung, Leasing und Firmenwagen für kleine"
        " und mittlere Unternehmen und berät Gründer.</p></div>"
    )
    assert author_of("", box) == ("Martin Junker", "author box")
    about = (
        '<p>نص الخبر</p><div class="author-box"><h4>عن مصدر الخبر</h4>'
        "<p>صحيفة إلكترونية ليبية تصدر من طرابلس منذ سنة 2015 وتغطي الأخبار المحلية والدولية"
        " على مدار الساعة.</p></div>"
    )
    assert author_of("", about) == (None, "none")


def test_a_desk_account_waits_for_the_writer_named_in_the_text() -> None:
    byline = (
        '<span class="meta-author">بواسطة <a href="/author/opinion-desk/">صفحة الرأي</a></span>'
    )
    body = "<p><strong>بقلم: محمود الشريدي</strong></p><p>نص المقال عن الميزانية الموحدة.</p>"
    assert author_of("", byline + body)[0] == "محمود الشريدي"


def test_an_aggregators_account_named_like_the_site_in_the_title_is_no_author() -> None:
    head = "<title>مصراتة تطلق أول خط للنقل العام | ليبيا الان</title>"
    body = '<span itemprop="author"><span itemprop="name">ليبيا الان</span></span><p>نص</p>'
    assert author_of(head, body) == (None, "none")
    # A blogger whose own domain spells the name is still the author.
    tree = parse_html_tree(
        "<html><head><title>Publizistische Sorgfalt | Wolfgang Michal</title>"
        '<meta name="author" content="Wolfgang Michal"></head><body><p>x</p></body></html>'
    )
    page = read_page(tree)
    page.url = "https://www.wolfgangmichal.de/2017/06/07/sorgfalt/"
    assert choose_author(page, tree)[0] == "Wolfgang Michal"
