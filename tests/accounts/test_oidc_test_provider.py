"""The test OpenID provider is skipped with its reason where it cannot run, except in CI
(REQUIRE_BROWSER=1), where its absence fails the suite instead of hiding its tests."""

import pytest

from tests.oidc import server


@pytest.fixture
def without_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(server, "PACKAGE", tmp_path / "node_modules/oidc-provider/package.json")


def start_provider():
    with server.running_provider(["http://testserver"]):
        pass


def test_without_the_package_its_tests_are_skipped_with_the_reason(
    without_the_package, monkeypatch
):
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="run `npm ci`"):
        start_provider()


def how_starting_ends():
    """The skip or failure that starting the provider ends with (None if it started)."""
    try:
        start_provider()
    except (pytest.skip.Exception, pytest.fail.Exception) as ended:
        return ended
    return None


def test_without_the_package_ci_fails(without_the_package, monkeypatch):
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    # Caught, not raised: a skip raised here would skip this test rather than fail it.
    ended = how_starting_ends()
    assert type(ended) is pytest.fail.Exception
    assert "REQUIRE_BROWSER=1 but the test OpenID provider cannot run" in str(ended)
