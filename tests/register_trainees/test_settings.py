"""Start-up behaviour that depends on the environment, checked in a fresh process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_SECRET = "k7#Qz9!vR2@pL5$wX8^nB3&mF6*hJ1(tY4)cV0-sD7+gA2=eU5_oI8"


def run_manage(*args, **env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "PROVIDER_MODEL",
            "HTTPS_ONLY",
            "DEMO_MODE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean_env["DJANGO_SETTINGS_MODULE"] = "register_trainees.settings"
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unknown_provider_model_stops_start_up_with_a_clear_message():
    result = run_manage("check", DEBUG="1", PROVIDER_MODEL="sideways")
    assert result.returncode != 0
    assert "PROVIDER_MODEL must be 'hat' or 'blended', not 'sideways'" in result.stderr


@pytest.mark.parametrize("model", ["hat", "blended", "BLENDED"])
def test_known_provider_models_start(model):
    result = run_manage("check", DEBUG="1", PROVIDER_MODEL=model)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_gets_a_development_secret_key():
    assert run_manage("check", DEBUG="1").returncode == 0


def test_deploy_checks_pass_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="register.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_malformed_boolean_is_refused():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr
