import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]


def compose_command() -> list[str] | None:
    """Docker's compose plugin, else the standalone docker-compose (Debian's package)."""
    plugin = ["docker", "compose"]
    if (
        shutil.which("docker")
        and subprocess.run([*plugin, "version"], capture_output=True).returncode == 0
    ):
        return plugin
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


@pytest.mark.skipif(compose_command() is None, reason="no docker compose client is installed")
def test_docker_compose_accepts_the_file():
    result = subprocess.run(
        [*compose_command(), "config", "-q"], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_compose_file_runs_postgresql_and_the_web_app_behind_the_proxy():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    db = compose["services"]["db"]
    web = compose["services"]["web"]
    proxy = compose["services"]["proxy"]
    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert web["build"] == {"context": ".", "target": "app"}
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    # Only the proxy is published; the app trusts the client address the proxy appends.
    assert "ports" not in web
    assert web["environment"]["BEHIND_PROXY"] == "1"
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert proxy["build"] == {"context": ".", "target": "proxy"}
    assert proxy["ports"] == ["8000:8080"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def dockerfile_stages() -> list[tuple[str, str, str]]:
    """The Dockerfile's stages in order: (name, base image or stage, instructions)."""
    stages = []
    for line in (PROJECT_DIR / "Dockerfile").read_text().splitlines():
        if line.startswith("FROM "):
            parts = line.split()
            named = len(parts) > 3 and parts[2].upper() == "AS"
            stages.append((parts[3] if named else "", parts[1], ""))
        elif stages:
            name, base, body = stages[-1]
            stages[-1] = (name, base, body + line + "\n")
    return stages


def stage(name: str) -> str:
    return next(body for stage_name, _, body in dockerfile_stages() if stage_name == name)


def test_dockerfile_builds_assets_and_migrates_before_gunicorn_with_its_config():
    assert "npm ci" in stage("assets")
    app = stage("app")
    assert "collectstatic" in app
    assert "render_proxy_pages /app/proxy-pages" in app
    assert "COPY deploy ./deploy" in app
    assert "migrate --noinput && exec gunicorn -c deploy/gunicorn.conf.py" in app
    # The last stage, the default target of a plain docker build, is the app.
    assert dockerfile_stages()[-1][1] == "app"


def test_the_image_copies_every_package_the_project_installs():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())
    packages = project["tool"]["setuptools"]["packages"]["find"]["include"]
    app = stage("app")
    for package in packages:
        name = package.rstrip("*")
        assert f"COPY {name} ./{name}" in app, f"the image does not copy {name}/"


def test_the_proxy_image_serves_the_shared_nginx_template_with_every_value_it_needs():
    from scripts.servers import PLACEHOLDER

    proxy = stage("proxy")
    assert (
        "COPY deploy/nginx/register.conf.template /etc/nginx/templates/default.conf.template"
        in proxy
    )
    assert "COPY --from=app /app/staticfiles /srv/register/assets" in proxy
    assert "COPY --from=app /app/proxy-pages /srv/register/errors" in proxy
    template = (PROJECT_DIR / "deploy/nginx/register.conf.template").read_text()
    for name in set(PLACEHOLDER.findall(template)):
        assert f"{name}=" in proxy, f"the proxy image does not set {name}"
    assert "APP_UPSTREAM=web:8000" in proxy


def test_the_test_openid_provider_is_an_optional_service_never_in_the_app_image():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    oidc = compose["services"]["oidc"]
    web = compose["services"]["web"]
    assert oidc["profiles"] == ["oidc"]
    assert oidc["build"] == {"context": ".", "target": "oidc-test-provider"}
    assert "oidc.localhost" in oidc["networks"]["default"]["aliases"]
    # The issuer is one name for the browser (published port) and for the app (alias).
    issuer = (
        f"http://{oidc['environment']['OIDC_TEST_HOST']}:{oidc['environment']['OIDC_TEST_PORT']}"
    )
    assert web["environment"]["OIDC_ISSUER"] == f"${{OIDC_ISSUER:-{issuer}}}"
    assert oidc["ports"] == ["9090:9090"]
    assert web["environment"]["SIGN_IN_METHOD"] == "${SIGN_IN_METHOD:-password}"
    assert "provider.mjs" in stage("oidc-test-provider")
    # The app's node_modules come from the assets stage, without devDependencies.
    assert "npm ci --omit=dev" in stage("assets")
