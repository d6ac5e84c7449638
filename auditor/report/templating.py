"""The one way HTML pages are templated: Jinja2 with autoescape on for every template, so a
crawled title or URL is text wherever it lands, and a missing value is an error, not a blank."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..urls import is_http_url


def html_templates(folder: Path) -> jinja2.Environment:
    """Templates from `folder`, escaped; `|http_url` says whether a URL may become a link."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters["http_url"] = is_http_url
    return environment
