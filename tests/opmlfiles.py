"""OPML for the tests: a FreshRSS export, and the problems importing a file gives."""

from __future__ import annotations

from ingest.opml import import_opml

FRESHRSS = """\
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0" xmlns:frss="https://freshrss.org/opml">
	<head>
		<title>FreshRSS</title>
		<dateCreated>Tue, 16 Jun 2026 12:00:00 +0000</dateCreated>
	</head>
	<body>
		<outline text="Libya">
			<outline text="Libya Herald" type="rss" xmlUrl="https://libyaherald.com/feed" htmlUrl="https://libyaherald.com/" description="News from Libya"/>
			<outline text="بوابة الوسط" type="rss" xmlUrl="https://alwasat.ly/rss" htmlUrl="https://alwasat.ly/" description="" frss:cssFullContent="div.art-content"/>
		</outline>
		<outline text="Sans catégorie">
			<outline text="المرصد - المرصد" type="rss" xmlUrl="https://almarsad.co/feed/" htmlUrl="https://almarsad.co/" language="ar-LY"/>
		</outline>
	</body>
</opml>
"""


def problems_of(data: bytes | str) -> list[str]:
    imported = import_opml(data)
    assert imported.sources == []
    return [str(problem) for problem in imported.problems]
