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


def test_without_the_package_ci_fails(without_the_package, monkeypatch):
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    # A skip raised here would skip this test rather than fail it: catch it as a failure.
    try:
        start_provider()
    except pytest.skip.Exception:
        pytest.fail("skipped although REQUIRE_BROWSER=1")
    except pytest.fail.Exception as failure:
        assert "REQUIRE_BROWSER=1 but the test OpenID provider cannot run" in str(failure)
    else:
        pytest.fail("the provider started without its package")
