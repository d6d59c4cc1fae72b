"""The published site: Datasette with onrecord's plugin, pages, search, feeds and canned queries.

Example::

    from onrecord.db.site import make_datasette
    datasette = make_datasette("onrecord.db")
"""

from onrecord.db.site.app import make_datasette, metadata_for

__all__ = ["make_datasette", "metadata_for"]
