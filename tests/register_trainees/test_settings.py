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
            "BEHIND_PROXY",
            "TRUSTED_PROXY_COUNT",
            "SIGN_IN_METHOD",
            "OIDC_ISSUER",
            "OIDC_CLIENT_ID",
            "OIDC_CLIENT_SECRET",
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
    assert "PROVIDER_MODEL must be 'hat' or 'blended' or 'split', not 'sideways'" in result.stderr


@pytest.mark.parametrize("model", ["hat", "blended", "BLENDED"])
def test_known_provider_models_start(model):
    result = run_manage("check", DEBUG="1", PROVIDER_MODEL=model)
    assert result.returncode == 0, result.stderr


OIDC = {
    "OIDC_ISSUER": "https://oidc.signin.education.gov.uk",
    "OIDC_CLIENT_ID": "register-trainee-teachers",
    "OIDC_CLIENT_SECRET": "a-secret",
}


@pytest.mark.parametrize("missing", sorted(OIDC))
def test_oidc_sign_in_refuses_to_start_without_each_identity_provider_setting(missing):
    env = {name: value for name, value in OIDC.items() if name != missing}
    result = run_manage("check", DEBUG="1", SIGN_IN_METHOD="oidc", **env)
    assert result.returncode != 0
    assert "register_trainees.E003" in result.stderr
    assert f"SIGN_IN_METHOD is 'oidc' but {missing} is not set." in result.stderr


def test_oidc_sign_in_starts_with_its_three_settings():
    result = run_manage("check", DEBUG="1", SIGN_IN_METHOD="oidc", **OIDC)
    assert result.returncode == 0, result.stderr


def test_with_oidc_forms_may_lead_to_the_identity_provider_and_nowhere_else():
    """Signing in and out is a form sent here, then a redirect to the identity provider:
    Chromium applies the policy's form-action to that redirect too."""
    script = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"
    oidc = run_manage("shell", "-c", script, DEBUG="1", SIGN_IN_METHOD="oidc", **OIDC)
    assert "form-action 'self' https://oidc.signin.education.gov.uk;" in oidc.stdout
    password = run_manage("shell", "-c", script, DEBUG="1", **OIDC)
    assert "form-action 'self';" in password.stdout


def test_password_sign_in_is_the_default_and_needs_no_identity_provider():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.SIGN_IN_METHOD)", DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "password"


def test_an_unknown_sign_in_method_stops_start_up():
    result = run_manage("check", DEBUG="1", SIGN_IN_METHOD="magic-link")
    assert result.returncode != 0
    assert "SIGN_IN_METHOD must be 'password' or 'oidc', not 'magic-link'" in result.stderr


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


def database_options(**env):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        DEBUG="1",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_postgresql_connections_start_with_bounded_waits():
    options = database_options(DATABASE_URL="postgres://u:p@db.example:5432/register")
    assert "'options': '-c lock_timeout=3000 -c statement_timeout=20000 " in options
    assert "'connect_timeout': 3" in options


def test_prepared_statements_are_on_unless_turned_off_for_a_pooling_proxy():
    url = "postgres://u:p@db.example:5432/register"
    on = database_options(DATABASE_URL=url)
    assert "'prepare_threshold': 5" in on
    assert "-c plan_cache_mode=force_generic_plan'" in on
    off = database_options(DATABASE_URL=url, DB_PREPARED_STATEMENTS="0")
    assert "prepare_threshold" not in off
    assert "plan_cache_mode" not in off


def test_the_bounds_come_from_the_environment_and_database_url_options_come_last():
    options = database_options(
        DATABASE_URL="postgres://u:p@db.example:5432/register?options=-c%20search_path%3Dpublic",
        DB_LOCK_TIMEOUT="7",
        DB_STATEMENT_TIMEOUT="0",
    )
    assert (
        "-c lock_timeout=7000 -c statement_timeout=0 -c plan_cache_mode=force_generic_plan "
        "-c search_path=public'" in options
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DB_LOCK_TIMEOUT", "-1", "DB_LOCK_TIMEOUT must be 0 or more, not '-1'"),
        ("DB_STATEMENT_TIMEOUT", "soon", "DB_STATEMENT_TIMEOUT must be a whole number"),
        ("DB_EXPORT_STATEMENT_TIMEOUT", "-5", "DB_EXPORT_STATEMENT_TIMEOUT must be 0 or more"),
    ],
)
def test_a_bad_bound_stops_start_up_with_a_clear_message(name, value, message):
    result = run_manage("check", DEBUG="1", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_sqlite_gets_no_postgresql_options():
    assert "options" not in database_options(DATABASE_URL="sqlite:///:memory:")


def trusted_proxy_count(**env):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        DEBUG="1",
        **env,
    )
    # The last line: Django's shell may first say what it imported.
    return result.stdout.strip().splitlines()[-1] if result.returncode == 0 else result.stderr


@pytest.mark.parametrize(
    ("env", "count"),
    [
        ({}, "0"),  # X-Forwarded-For is anyone's to write: ignored
        ({"BEHIND_PROXY": "1"}, "1"),  # the client address our one proxy appended
        ({"BEHIND_PROXY": "1", "TRUSTED_PROXY_COUNT": "2"}, "2"),
    ],
)
def test_behind_a_proxy_sign_in_limits_trust_the_proxys_forwarded_address(env, count):
    assert trusted_proxy_count(**env) == count


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"BEHIND_PROXY": "1", "TRUSTED_PROXY_COUNT": "0"},
            "TRUSTED_PROXY_COUNT must be 1 or more",
        ),
        ({"TRUSTED_PROXY_COUNT": "1"}, "TRUSTED_PROXY_COUNT is set but BEHIND_PROXY is off"),
    ],
)
def test_a_proxy_count_that_cannot_work_stops_start_up(env, message):
    assert message in trusted_proxy_count(**env)
