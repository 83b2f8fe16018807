"""Shared fixtures: the running web app and the browser live in tests/app_fixtures.py."""

from tests.app_fixtures import browser, running_app

__all__ = ["browser", "running_app"]
