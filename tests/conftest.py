"""Shared fixtures: the running web app and the browser live in tests/app_fixtures.py, the Chroma
server in tests/chroma_fixtures.py."""

from tests.app_fixtures import browser, running_app
from tests.chroma_fixtures import chroma_port

__all__ = ["browser", "chroma_port", "running_app"]
