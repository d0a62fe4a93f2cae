import shutil
import subprocess
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


def test_compose_file_runs_postgresql_and_the_web_app():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    db = compose["services"]["db"]
    web = compose["services"]["web"]
    assert db["image"].startswith("postgres:16")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert web["build"]["context"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")


def test_dockerfile_builds_assets_and_migrates_before_gunicorn():
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    assert "npm ci" in dockerfile
    assert "collectstatic" in dockerfile
    assert "migrate" in dockerfile
    assert "gunicorn" in dockerfile
