"""Main text: paragraphs, sub-headings, chrome removal, normalisation."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
import trafilatura
from lxml import etree

from ingest.extract import body
from ingest.extract.body import (
    block_sequence,
    clean_paragraphs,
    drop_writer_bio,
    html_paragraphs,
    join_paragraphs,
    normalise_paragraph,
    prune_chrome,
    prune_deck,
    prune_unshown,
    restore_continuation,
    restore_lead,
    table_row,
)
from ingest.extract.metadata import parse_html_tree


def test_html_paragraphs_keep_subheadings_and_split_br() -> None:
    html = (
        "<div><p>الفقرة   الأولى</p><h3>عنوان فرعي</h3><p>سطر<br>آخر</p>"
        "<figure><img src=x><figcaption>تعليق الصورة</figcaption></figure>"
        "<script>var x;</script></div>"
    )
    assert html_paragraphs(html) == ["الفقرة الأولى", "عنوان فرعي", "سطر", "آخر"]


def test_related_lists_share_lines_and_tags_are_removed() -> None:
    paragraphs = [
        "نص الخبر الأول وهو طويل بما يكفي ليكون فقرة حقيقية من المقال.",
        "شارك الخبر",
        "اقرأ أيضا",
        "عنوان خبر آخر",
        "عنوان خبر ثالث",
        "الوسوم: ليبيا، النفط",
        "Follow us on Twitter",
        "Read more",
        "Another headline here",
    ]
    assert clean_paragraphs(paragraphs) == [paragraphs[0]]


def test_related_list_ends_at_real_text() -> None:
    long_text = "هذه فقرة طويلة تعود بعد قائمة الروابط وتكمل المقال بجمل كاملة ومفيدة للقارئ. " * 2
    kept = clean_paragraphs(["بداية الخبر.", "اقرأ ايضا", "رابط قصير", long_text.strip()])
    assert kept == ["بداية الخبر.", long_text.strip()]


def test_headline_repeated_as_first_paragraph_is_dropped() -> None:
    assert clean_paragraphs(["العنوان هنا", "النص."], "العنوان  هنا") == ["النص."]


def test_a_category_label_and_the_headline_opening_the_text_are_dropped() -> None:
    text = "أعلنت وزارة الزراعة بدء موسم جني الزيتون في المناطق الغربية والجبل الغربي اليوم."
    assert clean_paragraphs(["أخبار ليبيا", "بدء موسم الزيتون", text], "بدء موسم الزيتون") == [text]
    # Past a real paragraph, a sentence that repeats the headline is text.
    kept = clean_paragraphs([text, "بدء موسم الزيتون", text + " ثانية"], "بدء موسم الزيتون")
    assert kept == [text, "بدء موسم الزيتون", text + " ثانية"]


def test_normalisation_is_nfc_without_invisible_marks() -> None:
    decomposed = unicodedata.normalize("NFD", "é") + "\u200f  x\u00a0y"
    assert normalise_paragraph(decomposed) == "é x y"
    assert join_paragraphs(["a", "b"]) == "a\n\nb"


def test_sub_headings_dropped_by_the_main_text_extractor_are_put_back() -> None:
    from lxml import html as lxml_html

    from ingest.extract.body import block_sequence, restore_headings

    page = lxml_html.fromstring(
        "<html><body><div><p>الفقرة الأولى من الخبر.</p><h4>خلفية القرار</h4>"
        "<p>الفقرة الثانية من الخبر.</p><h4>عنوان في الشريط الجانبي</h4></div></body></html>"
    )
    kept = ["الفقرة الأولى من الخبر.", "الفقرة الثانية من الخبر."]
    assert restore_headings(kept, block_sequence(page)) == [
        "الفقرة الأولى من الخبر.",
        "خلفية القرار",
        "الفقرة الثانية من الخبر.",
    ]


def test_a_row_of_menu_links_is_not_body_text() -> None:
    from ingest.extract.body import clean_paragraphs, is_link_row

    assert is_link_row("| | الرئيسية \\| الأخبار المحلية \\| الأخبار الدولية \\| English |")
    assert not is_link_row("الدولار | 7.10 | 7.25")  # a table of figures stays
    assert clean_paragraphs(["الرئيسية | أخبار | رياضة | English", "نص الخبر."]) == ["نص الخبر."]


def test_inline_read_more_links_are_dropped_in_any_language() -> None:
    text = "The central bank set a new exchange rate for the dinar on Sunday, its governor said."
    inline = text + " Read more: the statement is on the bank's site."
    paragraphs = [
        text,
        "Read more: Libya's oil output reaches a ten-year high",
        "Lea también: Impiden ingreso a reportero y camarógrafo",
        "LE PUEDE INTERESAR: La ficha del expresidente en el tribunal",
        "Lesen Sie auch: Ölförderung in Libyen erreicht Höchststand",
        "À lire aussi : la production pétrolière libyenne au plus haut",
        inline,
    ]
    assert clean_paragraphs(paragraphs) == [text, inline]


def test_a_long_paragraph_opening_with_a_read_more_label_is_text() -> None:
    long_para = "Read also: " + "the committee met again and published its findings. " * 10
    assert clean_paragraphs([long_para]) == [long_para]


def test_bare_related_headings_in_other_languages_open_a_related_list() -> None:
    paragraphs = [
        "El gobierno anunció nuevas medidas económicas para el sur del país este lunes.",
        "NOTAS RELACIONADAS",
        "Hackers ofrecen descuento al Gobierno",
        "Grupo asegura haber hackeado el Ministerio",
    ]
    assert clean_paragraphs(paragraphs) == paragraphs[:1]


def test_copyright_footers_are_not_body_text() -> None:
    text = "أعلن المصرف المركزي في طرابلس عن سعر صرف جديد للدينار الليبي يوم الأحد."
    paragraphs = [
        text,
        "جميع الحقوق محفوظة لبوابة الوسط 2026",
        "© 2026 Libya Observer. All rights reserved.",
        "Copyright 2026 Al Wasat",
    ]
    assert clean_paragraphs(paragraphs) == [text]
    # A long paragraph that mentions rights is text.
    about = "The law protects copyright of Libyan authors; all rights reserved notices " * 4
    assert clean_paragraphs([about]) == [about]


def test_follow_us_app_promotions_and_disclaimers_are_dropped() -> None:
    text = "وصل المنتخب الوطني إلى معسكره التدريبي في تونس استعدادا للتصفيات الأفريقية."
    paragraphs = [
        text,
        "تابعونا على صفحتنا في فيسبوك وقناتنا على يوتيوب",
        "تابع آخر الأخبار لحظة بلحظة عبر تطبيق ليبيا الآن 24 على أندرويد وآيفون",
        "الآراء والمعلومات الواردة في الخبر تعبر عن مصدرها، والموقع غير مسؤول عن محتواه",
        "Download our app for breaking news",
        "لمتابعة أخبار الجنوب أولا بأول، اشترك في نشرتنا البريدية من أسفل الصفحة.",
        "Sign up for our newsletter to get the Libya Brief every morning.",
    ]
    assert clean_paragraphs(paragraphs) == [text]


def test_a_paragraph_of_news_about_following_or_responsibility_is_kept() -> None:
    para = (
        "قال المتحدث إن الحكومة لا تتحمل مسؤولية التأخير في صرف المرتبات، مضيفا أن المصرف "
        "المركزي هو الجهة المعنية بتوفير السيولة للمصارف التجارية في جميع المدن الليبية "
        "وأن اللجنة المالية ستجتمع الأسبوع المقبل لمناقشة الملف بالتفصيل مع الأطراف المعنية."
    )
    assert clean_paragraphs([para]) == [para]


K2_ITEM = (
    '<div class="itemBody"><div class="itemImageBlock"><span>صورة</span></div>'
    '<div class="itemIntroText"><p>وصلت إلى سبها شحنة جديدة من الأدوية.</p></div>'
    '<div class="itemFullText"><p>وأوضح مدير المركز أن الشحنة تضم أدوية الأمراض المزمنة.</p>'
    "<p>يذكر أن المركز يستقبل المرضى من مدن الجنوب.</p></div></div>"
)


def test_a_lead_kept_in_its_own_box_before_the_body_is_put_back() -> None:
    tree = parse_html_tree(f"<html><body>{K2_ITEM}</body></html>")
    blocks = block_sequence(tree)
    kept = [
        "وأوضح مدير المركز أن الشحنة تضم أدوية الأمراض المزمنة.",
        "يذكر أن المركز يستقبل المرضى من مدن الجنوب.",
    ]
    assert restore_lead(kept, blocks) == ["وصلت إلى سبها شحنة جديدة من الأدوية.", *kept]


def test_a_summary_box_elsewhere_on_the_page_is_not_a_lead() -> None:
    page = (
        '<div class="sidebar"><div class="summary"><p>ملخص أخبار اليوم في ليبيا.</p></div></div>'
        '<div class="article"><div class="content"><p>نص الخبر الأول.</p><p>نص ثان.</p></div></div>'
    )
    blocks = block_sequence(parse_html_tree(f"<html><body>{page}</body></html>"))
    assert restore_lead(["نص الخبر الأول.", "نص ثان."], blocks) == ["نص الخبر الأول.", "نص ثان."]
    assert restore_lead([], blocks) == []
    assert restore_lead(["فقرة ليست في الصفحة"], blocks) == ["فقرة ليست في الصفحة"]


def test_byline_lines_related_links_and_promos_at_the_ends_are_dropped() -> None:
    text = "Tripoli, 14 January 2025: GECOL announced a new load-shedding schedule for the capital."
    paragraphs = [
        "By Khalid Ben Ali.",
        text,
        "Related: Load shedding returns to Tripoli",
        "Enjoyed this article? Subscribe to our free daily bulletin.",
        "تابعوا قناة 218 على يوتيوب",
        "هذا المحتوى منقول آليا من مصدره، وموقع ليبيا اليوم غير مسؤول عن صحته.",
    ]
    assert clean_paragraphs(paragraphs) == [text]
    # A short line that starts "By" inside the text, or a sentence at its end, is kept.
    middle = [text, "By then the grid had failed.", text + " (2)"]
    assert clean_paragraphs(middle) == middle
    ending = [text, "Von Montag an gilt die Regel."]
    assert clean_paragraphs(ending) == ending


def test_hidden_elements_and_data_marked_captions_are_not_text() -> None:
    tree = parse_html_tree(
        '<html><body><h2 id="c">الادعاء<a hidden class="anchor" href="#c">#</a></h2>'
        '<div data-hook="rcv-block-image"><img src="x.jpg"><span data-hook="imageViewerCaption">'
        "وحدات الغسيل الجديدة</span></div><p>النص.</p></body></html>"
    )
    prune_unshown(tree)
    assert [block.text for block in block_sequence(tree)] == ["الادعاء", "النص."]
    assert "وحدات الغسيل" not in tree.text_content()


def test_bio_newsletter_and_deck_boxes_are_pruned_when_short() -> None:
    text = "<p>" + "نص المقال الطويل عن الجامعات الليبية وتمويلها. " * 4 + "</p>"
    tree = parse_html_tree(
        '<html><body><h1>الجامعات</h1><h2 class="post-subtitle">عنوان فرعي تحت العنوان</h2>'
        f'<div class="entry-content">{text}'
        '<div class="et_pb_module et_pb_promo"><h2>انضم إلى قائمتنا البريدية</h2></div></div>'
        '<div class="writer-bio"><p>الكاتب: أكاديمي ليبي</p></div>'
        '<div class="writer-more"><h3>مقالات أخرى للكاتب</h3></div></body></html>'
    )
    prune_chrome(tree)
    left = tree.text_content()
    assert "نص المقال الطويل" in left
    for gone in ("عنوان فرعي", "قائمتنا البريدية", "أكاديمي ليبي", "مقالات أخرى"):
        assert gone not in left, gone
    # A wrapper whose class merely contains such a word holds the page: it stays.
    wrapper = parse_html_tree(
        f'<html><body><div class="promo-layout">{text * 5}</div></body></html>'
    )
    prune_chrome(wrapper)
    assert "نص المقال الطويل" in wrapper.text_content()


def test_credit_promo_and_latest_news_lines_are_dropped() -> None:
    text = "Tobruk's new gas unit joined the national grid on Thursday, adding 250 megawatts."
    assert clean_paragraphs(["Photo credit: GECOL media office", text]) == [text]
    assert clean_paragraphs(["الصورة: أرشيفية", text]) == [text]
    promos = [
        "📲 تابعوا قناة ليبيا 24 على تيليغرام: t.me/libya24tv",
        "انضم إلى قناة ليبيا 24 على تيليغرام لتصلك الأخبار العاجلة أولا بأول",
        "اشترك في القناة",
        "احصل على أهم أخبار الغرب الليبي في بريدك كل أسبوع، مجانا.",
    ]
    assert clean_paragraphs([text, *promos]) == [text]
    latest = ["آخر العاجل", "المجلس الرئاسي يستقبل وفدا منذ 38 دقيقة", "الأرصاد: رياح نشطة"]
    assert clean_paragraphs([text, *latest]) == [text]
    # A sentence that opens with those words is text.
    sentence = "آخر الأخبار من سبها تشير إلى عودة التيار الكهربائي إلى معظم الأحياء مساء اليوم."
    assert clean_paragraphs([sentence]) == [sentence]


def test_a_deck_under_the_headline_in_the_article_header_is_not_body() -> None:
    deck = "Deeper berths let bigger feeder ships call at the busiest commercial port."
    page = (
        '<article><header class="gh-article-header"><h1>Misrata terminal reopens</h1>'
        f'<p class="gh-article-excerpt">{deck}</p><p class="byline">By Salma Idris</p></header>'
        '<section class="gh-content"><p>The free zone reopened its container terminal.</p>'
        "<p>Dredging took four months.</p></section></article>"
    )
    tree = parse_html_tree(f"<html><body>{page}</body></html>")
    prune_deck(tree)
    text = tree.text_content()
    assert deck not in text
    assert "By Salma Idris" in text and "Dredging took four months." in text
    # A page header that wraps the whole article is no article header: nothing goes.
    long_body = "".join(
        f"<p class='txt'>Paragraph {n} of the article text here.</p>" for n in range(60)
    )
    whole = f'<div class="page-header"><h1>Title</h1>{long_body}</div>'
    tree = parse_html_tree(f"<html><body>{whole}</body></html>")
    prune_deck(tree)
    assert "Paragraph 0 of the article" in tree.text_content()


def test_an_ad_slot_label_on_its_own_line_is_not_body() -> None:
    kept = "وأعلنت البلدية عن خطة لإعادة رصف الطرق المتضررة من الأمطار."
    assert clean_paragraphs(["إعلان", kept, "Advertisement"]) == [kept]
    assert clean_paragraphs(["إعلان الحكومة عن الميزانية تأخر شهرين."]) == [
        "إعلان الحكومة عن الميزانية تأخر شهرين."
    ]


def test_a_date_alone_at_either_end_of_the_text_is_not_body() -> None:
    text = "أعلنت وزارة المواصلات عن افتتاح ميناء الحاويات الجديد في مصراتة."
    assert clean_paragraphs(["الأحد، 29 نوفمبر 2026", text, "29.11.2026, 10:00 Uhr"]) == [text]
    # A sentence with a date in it stays.
    dated = "في 29 نوفمبر 2026 افتتح الميناء."
    assert clean_paragraphs([dated, text]) == [dated, text]


def test_elements_hidden_when_printed_are_not_body() -> None:
    tree = parse_html_tree(
        '<html><body><p class="print-note no-print">ملاحظة: نسخة للطباعة.</p>'
        "<div><p>نص الخبر.</p></div></body></html>"
    )
    prune_chrome(tree)
    assert "ملاحظة" not in tree.text_content() and "نص الخبر." in tree.text_content()


def test_channel_invitations_and_opinion_disclaimers_are_dropped() -> None:
    text = "وقال مدير المستشفى إن قسم الطوارئ استقبل 40 حالة خلال اليوم الأول من التشغيل."
    paragraphs = [
        text,
        "لمتابعة أخبار الجنوب أولا بأول، اشترك في قناة إيوان ليبيا على تيليغرام.",
        "المقالات المنشورة تعبر عن آراء كتابها، ولا تعبر بالضرورة عن رأي الموقع.",
        "موجز ليبيا يعرض مقتطفات من الأخبار، والمحتوى مسؤولية الجهة الناشرة.",
        "Also read: Brega raises output at Marsa El Brega refinery",
    ]
    assert clean_paragraphs(paragraphs) == [text]
    # News about a channel is news.
    news = "أعلنت الوزارة عبر قناتها على تيليغرام أن الامتحانات تبدأ الأحد المقبل في كل المدن."
    assert clean_paragraphs([news]) == [news]


def test_a_signup_box_around_an_email_field_is_not_body() -> None:
    box = (
        '<div class="kb-row"><h3>Get Libya Update in your inbox every morning</h3>'
        "<p>The day's news, in five minutes.</p>"
        '<form><input type="email" placeholder="Email"><button>Subscribe</button></form></div>'
    )
    text = "<p>" + "LISCO restarted its second furnace after a year of repairs. " * 10 + "</p>"
    tree = parse_html_tree(f"<html><body><article>{text}{box}</article></body></html>")
    prune_chrome(tree)
    assert "inbox" not in tree.text_content() and "second furnace" in tree.text_content()


def test_the_writers_bio_line_at_the_end_is_dropped() -> None:
    paragraphs = ["نص المقال الأول.", "نص المقال الثاني.", "* محمود الشريدي: باحث في المالية."]
    assert drop_writer_bio(paragraphs, "محمود الشريدي") == paragraphs[:2]
    english = ["Text.", "Khaled Salem is a researcher at the Sadeq Institute."]
    assert drop_writer_bio(english, "Khaled Salem") == ["Text."]
    # The writer named at the start of a paragraph of the text itself stays.
    quoted = ["محمود الشريدي قال في ندوة إن الميزانية متأخرة.", "نص.", "نص آخر.", "خاتمة."]
    assert drop_writer_bio(quoted, "محمود الشريدي") == quoted


def test_sign_offs_meta_lines_breadcrumbs_buttons_and_pull_quotes_are_dropped() -> None:
    text = "وقال رئيس المصلحة إن أعمال الترميم في المسرح الروماني تستمر ثمانية عشر شهرا كاملة."
    quote = "أعمال الترميم في المسرح الروماني تستمر ثمانية عشر شهرا"
    paragraphs = [
        "الرئيسية » ثقافة وفنون » تفاصيل الخبر",
        "تقرير: سعاد الورشفاني | نشر بتاريخ: 28-11-2026 الساعة 19:45 | عدد القراءات: 412",
        text,
        f"«{quote}»",
        "انضم الآن",
        "تابع التغطية لحظة بلحظة على قناتنا في تيليغرام",
        "المكتب الإعلامي - الهيئة العامة للأوقاف",
    ]
    assert clean_paragraphs(paragraphs) == [text]
    # A dateline paragraph opening the text is text; a repeated sentence not in quotes stays.
    dateline = "Tripoli, 14 January 2025:"
    assert clean_paragraphs([dateline, "GECOL said the grid held."]) == [
        dateline,
        "GECOL said the grid held.",
    ]
    items = [quote + " كما قال.", text]
    assert clean_paragraphs(items) == items


def test_text_continued_in_a_later_builder_module_is_put_back() -> None:
    first = "تعيش واحات جالو وأوجلة ذروة موسم جني التمور حيث يتسلق المزارعون النخيل منذ الصباح."
    later = "ويشكو المزارعون من تراجع الإنتاج هذا الموسم بسبب موجة الحر التي ضربت المنطقة في الصيف."
    gallery = "".join(f"<div><h3 class='el-title'>صورة {n}</h3></div>" for n in range(6))
    page = (
        f'<div class="uk-panel uk-margin"><p>{first}</p></div>{gallery}'
        f'<h2>إنتاج أقل من العام الماضي</h2><div class="uk-panel uk-margin"><p>{later}</p></div>'
        '<div class="uk-panel uk-margin uk-card"><p>اقرأ أيضا: قصة أخرى عن التمور والواحات في الجنوب الليبي</p></div>'
    )
    blocks = block_sequence(parse_html_tree(f"<html><body>{page}</body></html>"))
    assert restore_continuation([first], blocks) == [first, "إنتاج أقل من العام الماضي", later]
    # Teasers with linked headlines in boxes of the same kind are other stories.
    teasers = (
        f'<div class="text"><p>{first}</p></div><h3><a href="/x">قصة أخرى</a></h3>'
        f'<div class="text"><p>{later}</p></div>'
    )
    blocks = block_sequence(parse_html_tree(f"<html><body>{teasers}</body></html>"))
    assert restore_continuation([first], blocks) == [first]


def test_a_standfirst_right_after_the_headline_is_not_body() -> None:
    deck = "Libyan Wings will operate two weekly flights from Mitiga to the town."
    for attrs in ('class="standfirst"', 'data-testid="live-summary"'):
        tree = parse_html_tree(
            f"<html><body><article><h1>Ghadames airport reopens</h1><p {attrs}>{deck}</p>"
            "<p>The airport reopened on Friday after eleven years.</p></article></body></html>"
        )
        prune_deck(tree)
        assert deck not in tree.text_content() and "eleven years" in tree.text_content()


def test_table_rows_keep_their_cells_and_lose_the_markdown_rule() -> None:
    assert table_row("| الدولار الأمريكي | 5.48 | 7.35 |") == "الدولار الأمريكي | 5.48 | 7.35"
    assert table_row("|---|---|---|") == ""
    assert table_row("نص عادي | مع خط عمودي") == "نص عادي | مع خط عمودي"


def test_update_notices_view_counters_and_footnote_numbers_are_not_body() -> None:
    text = "أعلنت وزارة الداخلية إغلاق الطريق الساحلي بين الخمس وزليتن بسبب حادث سير."
    notices = ["سيتم تحديث الخبر فور ورود المزيد من التفاصيل.", "- قرئ 784 مرة", "التفاصيل لاحقا"]
    assert clean_paragraphs([text, *notices]) == [text]
    tree = parse_html_tree(
        "<html><body><p>Forty-one ruptures in October."
        '<a class="footnote-anchor" href="#footnote-1">1</a> More text.</p></body></html>'
    )
    prune_chrome(tree)
    assert tree.text_content() == "Forty-one ruptures in October. More text."


def test_wordpress_feed_footers_at_the_end_are_not_body() -> None:
    text = "أعلن المجلس الرئاسي اليوم عن إطلاق مبادرة جديدة للمصالحة الوطنية في مدينة سرت."
    title = "المجلس الرئاسي يطلق مبادرة للمصالحة"
    footers = [
        f"The post {title} appeared first on صحيفة المتوسط.",
        "The post Tripoli municipal elections set for October first appeared on Libya Review",
        f"ظهرت المقالة {title} أولاً على صحيفة المرصد.",
        f"ظهر المقال «{title}» أولا على عين ليبيا",
        f"ظهرت المقالة {title} اولا في بوابة الوسط.",
        f"ظهرت المقالة {title} أولًا على ليبيا الان",
    ]
    for footer in footers:
        assert clean_paragraphs([text, footer]) == [text], footer
        # the tail of the last paragraph, after a full stop or straight after Arabic text
        assert clean_paragraphs([f"{text} {footer}"]) == [text], footer
    bare = text.rstrip(".")
    assert clean_paragraphs([f"{bare} {footers[0]}"]) == [bare]


def test_feed_footer_words_inside_the_text_are_kept() -> None:
    middle = (
        "The post appeared first on the ministry's Facebook page before it was deleted, "
        "officials said."
    )
    paragraphs = ["Tripoli, 7 December 2026: the ministry denied the report.", middle, "No one."]
    assert clean_paragraphs(paragraphs) == paragraphs
    # a sentence of the last paragraph that only mentions where a story first appeared
    last = "The story appeared first on Al Wasat, and was later denied by the ministry."
    assert clean_paragraphs([paragraphs[0], last]) == [paragraphs[0], last]
    prose = "وقال المتحدث إن الخبر ظهر المقال الأول أولا على صفحة الوزارة ثم حذف لاحقا"
    assert clean_paragraphs([paragraphs[0], f"تفاصيل {prose}"]) == [
        paragraphs[0],
        f"تفاصيل {prose}",
    ]


CODE_PAGE = """<html><head><meta charset="utf-8"><link rel="canonical" href="/a">
<style>p {}</style><script src="a.js"></script>
<script type="application/ld+json">{"@type": "NewsArticle"}</script></head>
<body><script>var first;</script>Lead<div><p>One <script>var x;</script>two
<style>.a {}</style><script>var y;</script>three.</p></div>
<aside><p>Most read</p><svg><text>icon</text></svg></aside>after the box
<aside class="schema"><script type="application/ld+json">{"@type": "Person"}</script>
<script>var w;</script>Kept</aside>
<script type="text/javascript">var z;</script>tail<footer><p>Contact us</p></footer></body></html>"""


def test_trafilatura_reads_the_page_without_what_it_would_not_keep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = parse_html_tree(CODE_PAGE)
    before = etree.tostring(tree)
    seen: list[Any] = []

    def bare_extraction(given: Any, **_: Any) -> None:
        seen.append(etree.fromstring(etree.tostring(given)))

    monkeypatch.setattr(trafilatura, "bare_extraction", bare_extraction)
    assert body.trafilatura_paragraphs(tree, "https://example.ly/a") == []
    assert etree.tostring(tree) == before  # every element back in place
    [read] = seen
    assert [s.get("type") for s in read.iter("script")] == ["application/ld+json"] * 2
    assert next(read.iter("style", "svg", "footer", "meta", "link"), None) is None
    # the box holding JSON-LD stays: trafilatura reads embedded JSON-LD
    assert [a.get("class") for a in read.iter("aside")] == ["schema"]
    assert " ".join(read.find("body").itertext()).split()[:7] == [
        "Lead",
        "One",
        "two",
        "three.",
        "after",
        "the",
        "box",
    ]
    assert " ".join(read.find("body").itertext()).split()[-2:] == ["Kept", "tail"]


def test_the_tree_comes_back_when_trafilatura_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = parse_html_tree(CODE_PAGE)
    before = etree.tostring(tree)

    def bare_extraction(given: Any, **_: Any) -> None:
        raise ValueError("broken page")

    monkeypatch.setattr(trafilatura, "bare_extraction", bare_extraction)
    with pytest.raises(ValueError):
        body.trafilatura_paragraphs(tree, "https://example.ly/a")
    assert etree.tostring(tree) == before
