"""A simulated Libyan media landscape: local HTTP outlets for integration tests and benchmarks.

Example::

    from tests.landscape import Landscape

    with Landscape.default() as land:
        config = land.write_config(tmp_path / "sources.yaml")
        ...  # run ``ingest fetch --config`` and compare records with ``outlet.articles``
"""

from __future__ import annotations

from tests.landscape.content import ExpectedArticle
from tests.landscape.outlets import Outlet, OutletSpec
from tests.landscape.server import Landscape, Request

__all__ = ["ExpectedArticle", "Landscape", "Outlet", "OutletSpec", "Request"]
