"""Naming new sources: ids slugged from a site's address, always valid and free."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.configsource import SOURCE_ID_RE
from ingest.naming import new_source_id, slug_for


def test_slugs() -> None:
    assert slug_for("https://www.alwasat.ly/") == "alwasat"
    assert slug_for("https://ar.libyaobserver.ly/") == "ar-libyaobserver"
    assert slug_for("https://www.libya-al-mostakbal.org/") == "libya-al-mostakbal"
    assert slug_for("not a url") == "source"
    assert slug_for("http://127.0.0.1:8080/") == "127-0-0-1-8080"
    assert slug_for("http://[::1]:8080/") == "ipv6-1-8080"
    assert slug_for("http://localhost:5000/feed") == "localhost-5000"
    assert slug_for("https://موقع.ليبيا/") == "xn-4gbrim"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60), st.sets(st.text(max_size=8), max_size=5))
def test_new_ids_are_always_valid_and_free(url: str, name: str, taken: set[str]) -> None:
    for candidate in (url, f"http://{url}/", "http://127.0.0.1:8080/"):
        for wanted in (None, name):
            source_id = new_source_id(candidate, name, taken, wanted=wanted)
            assert SOURCE_ID_RE.match(source_id) and source_id not in taken
