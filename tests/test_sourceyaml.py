"""sources.yaml entries as a probe proposes them: valid YAML whatever the site says, ids
free in the config and read back as written."""

from __future__ import annotations

import asyncio

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.discover.autodiscover import ProbeResult, probe_site
from ingest.sourceyaml import render_source_yaml
from tests.probing import fake_fetch, plain_site, wordpress_site


def test_rendered_yaml_is_valid_and_pasteable() -> None:
    result = asyncio.run(probe_site(fake_fetch(wordpress_site()), "https://www.eanlibya.com/"))
    text = render_source_yaml(result)
    assert "# found: feed https://www.eanlibya.com/feed/" in text
    (entry,) = yaml.safe_load("sources:\n" + text)["sources"]
    assert entry["id"] == "eanlibya"
    assert entry["feeds"][0] == "https://www.eanlibya.com/feed/"
    assert entry["wordpress"] == "https://www.eanlibya.com/wp-json/"
    assert entry["confidence"] == "verified"
    assert entry["language"] == "ar"
    assert render_source_yaml(result, source_id="ean").count("- id: ean\n") == 1
    assert render_source_yaml(ProbeResult(homepage="https://x.ly/")).startswith("  # probed")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_rendered_yaml_stays_valid_whatever_the_site_name(name: str) -> None:
    result = ProbeResult(homepage="https://x.ly/", name=name, found=[name], not_found=[name])
    (entry,) = yaml.safe_load("sources:\n" + render_source_yaml(result))["sources"]
    assert entry["homepage"] == "https://x.ly/"


def added_entry(result: ProbeResult, existing_ids: set[str]) -> dict[str, object]:
    (entry,) = yaml.safe_load("sources:\n" + render_source_yaml(result, existing_ids=existing_ids))[
        "sources"
    ]
    assert isinstance(entry, dict)
    return entry


def test_sites_known_by_address_get_distinct_ids() -> None:
    routes = {
        **plain_site("http://127.0.0.1:8080", "المرصد"),
        **plain_site("http://127.0.0.1:8081", "الوسط"),
        **plain_site("http://127.0.0.2", "Libya Herald | Libya Herald"),
    }
    taken = {"127-0-0-1-8081"}  # already in the user's config
    ids = []
    for url in ("http://127.0.0.1:8080/", "http://127.0.0.1:8081/", "http://127.0.0.2/"):
        result = asyncio.run(probe_site(fake_fetch(routes), url))
        entry = added_entry(result, taken)
        taken.add(str(entry["id"]))
        ids.append(entry["id"])
    # the whole address and port, never just "127-0-0"; a Latin name is better still
    assert ids == ["127-0-0-1-8080", "127-0-0-1-8081-2", "libya-herald"]


def test_an_id_is_never_one_the_config_has() -> None:
    result = asyncio.run(probe_site(fake_fetch(wordpress_site()), "https://www.eanlibya.com/"))
    assert added_entry(result, {"eanlibya", "eanlibya-2"})["id"] == "eanlibya-3"
    text = render_source_yaml(result, source_id="eanlibya", existing_ids={"eanlibya"})
    assert "- id: eanlibya-2\n" in text
    assert "# the id 'eanlibya' is taken or not a slug; this entry uses 'eanlibya-2'" in text
    assert "- id: my-site\n" in render_source_yaml(result, source_id="My Site")


def test_ids_yaml_would_misread_are_quoted() -> None:
    from ingest.sourceyaml import yaml_id

    assert yaml_id("wasat") == "wasat"
    assert yaml_id("libya-herald") == "libya-herald"
    for misread in ("0", "2024", "no", "on", "1e3"):
        assert yaml.safe_load(yaml_id(misread)) == misread
