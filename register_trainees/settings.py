"""Settings for Register trainee teachers, read from the environment.

Every value a deployment may change is an environment variable (see README.md).
Production is the default: DEBUG is off and a real SECRET_KEY is required.
"""

import os
from pathlib import Path

import dj_database_url
import jinja2
from django.core.exceptions import ImproperlyConfigured

from accounts.sign_in import OIDC, PASSWORD, SIGN_IN_METHODS, openid_connect_providers
from edge.headers import content_security_policy, origin_of
from providers.provider_models import DEPLOYMENT_MODELS, HAT, SPLIT
from register_trainees.env import env_bool, env_choice, env_fraction, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
DEMO_MODE = env_bool("DEMO_MODE", default=False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-used-when-debug-is-off-0123"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment (DEBUG is off, so no "
            "development key is used)."
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# How users who work for several providers see their records: "hat" (act as one
# provider at a time), "blended" (all their providers at once), or "split" (each user is
# given one of the two, stably, to compare them: research.assignment). Staff can override
# it for their own session on the scenario page when DEMO_MODE is on.
PROVIDER_MODEL = env_choice("PROVIDER_MODEL", DEPLOYMENT_MODELS, default=HAT)

# Research (README "Split mode and usage research"). The share of users a split deployment
# gives the blended model, and the key of the keyed hashes that assign users and
# pseudonymise them in usage events (by default derived from SECRET_KEY; changing it
# reassigns everyone and unlinks past events). Usage events are recorded in split mode
# unless RESEARCH_EVENTS says otherwise, and kept RESEARCH_RETENTION_DAYS days
# (`manage.py purge_research_events`, run daily).
RESEARCH_BLENDED_SHARE = env_fraction("RESEARCH_BLENDED_SHARE", 0.5)
RESEARCH_SALT = os.environ.get("RESEARCH_SALT", "") or f"research:{SECRET_KEY}"
RESEARCH_EVENTS = env_bool("RESEARCH_EVENTS", default=PROVIDER_MODEL == SPLIT)
RESEARCH_RETENTION_DAYS = env_int("RESEARCH_RETENTION_DAYS", 90, minimum=1)

SERVICE_NAME = "Register trainee teachers"
SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "becomingateacher@digital.education.gov.uk")
FEEDBACK_EMAIL = os.environ.get("FEEDBACK_EMAIL", SUPPORT_EMAIL)

INSTALLED_APPS = [
    "register_trainees.apps.RegisterTraineesConfig",
    "govuk",
    "edge",
    "pages",
    "accounts",
    "providers",
    "research",
    "trainees",
    "scale",
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    # Always installed (its tables exist in every deployment); used with SIGN_IN_METHOD=oidc.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "simple_history",
]

# Demo data and persona sign-in (a published password) exist only in demo mode.
if DEMO_MODE:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    # First, so that load balancer checks need no session, no host check and no HTTPS.
    "edge.middleware.HealthCheckMiddleware",
    "edge.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "edge.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "edge.middleware.NoStoreForSignedInUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    # Writes the usage events a request noted, once its response is ready (not on a 5xx).
    "research.middleware.UsageEventMiddleware",
    "providers.middleware.ActiveProviderMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Lock and statement timeouts in any view become pages (409, 503), not errors.
    "edge.database_waits.DatabaseWaitMiddleware",
]

ROOT_URLCONF = "register_trainees.urls"
WSGI_APPLICATION = "register_trainees.wsgi.application"
ASGI_APPLICATION = "register_trainees.asgi.application"

# Every page of the service renders with Jinja2, through one environment that Django's
# backend builds once per process (govuk/jinja2.py): it compiles templates to Python, and
# GOV.UK Frontend's own macros (govuk-frontend-jinja) draw the components. Django's
# templates remain only for Django's own pages (the admin); they come second, so a name
# found in templates/ is always ours.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        # Each installed app's jinja2/ folder: govuk's form templates, Django's widgets.
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "govuk.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.service",
                "pages.context_processors.navigation",
            ],
            # The service's own template functions, next to the GOV.UK ones.
            "globals": {
                "provider_header": "providers.template_globals.provider_header",
                "provider_form_field": "providers.template_globals.provider_form_field",
                "can": "providers.template_globals.can",
            },
            # An undefined name prints nothing, with DEBUG as without.
            "undefined": jinja2.Undefined,
        },
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "govuk.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# Bounded waits (PostgreSQL): a request waits at most DB_LOCK_TIMEOUT seconds for a row
# another transaction holds, and no statement runs longer than DB_STATEMENT_TIMEOUT, so a
# held lock or a runaway query costs one request a few seconds, never a whole worker (the
# pages: edge.database_waits). 0 means no bound. Tasks that need longer (the
# CSV export, seed_scale) raise the statement bound for their own transaction only.
DB_LOCK_TIMEOUT = env_int("DB_LOCK_TIMEOUT", 3, minimum=0)
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 20, minimum=0)
DB_EXPORT_STATEMENT_TIMEOUT = env_int("DB_EXPORT_STATEMENT_TIMEOUT", 120, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Fail fast when the database is unreachable instead of hanging a worker.
    options.setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 3))
    # Lets the trainee list's statement be prepared, planned once a connection (only
    # cursors that bind on the server prepare; Django's own never do). Off behind a
    # transaction-pooling proxy such as PgBouncer's, which cannot keep them.
    prepared_statements = env_bool("DB_PREPARED_STATEMENTS", default=True)
    if prepared_statements:
        options.setdefault("prepare_threshold", 5)
    # Set when each connection starts; options given in DATABASE_URL come after, and win.
    options["options"] = " ".join(
        part
        for part in (
            f"-c lock_timeout={DB_LOCK_TIMEOUT * 1000}",
            f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}",
            # Planned once indeed: left to choose, PostgreSQL keeps planning the list's
            # statement afresh, because a generic plan (page size and offset unknown) is
            # estimated dearer than each custom one, although it is the same index-only
            # merge. Only prepared statements are concerned: the list's and the search's.
            "-c plan_cache_mode=force_generic_plan" if prepared_statements else "",
            options.get("options", ""),
        )
        if part
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, with the signed-in user read by a statement compiled
# once a process (accounts.backends). Sessions name their backend: a session from before
# this change signs its user out once.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions end after 2 hours without activity and 12 hours after signing in, whatever
# happens (see accounts.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 2 * 60 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_COOKIE_SAMESITE = "Lax"

# Rate limits (allauth) and anything else cached must be shared by every worker: the
# database by default (its table is created by migrate), Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    ),
    # Pages of the trainee list, in each worker's memory, keyed by the versions of the
    # organisations' records (trainees.selectors.kept_in_the_list_cache): a change to a
    # record, a membership or a role is seen on the next request. Records stay out of
    # Redis, and a page is kept at most LIST_CACHE_SECONDS. Only on PostgreSQL, whose
    # versions come from a sequence; on SQLite a rolled-back change could give a version
    # twice.
    "lists": (
        {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "trainee-lists",
            "TIMEOUT": env_int("LIST_CACHE_SECONDS", 300, minimum=0),
            "OPTIONS": {"MAX_ENTRIES": env_int("LIST_CACHE_PAGES", 500, minimum=1)},
        }
        if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    ),
}
# With Redis, a session is read from the cache and written through to the database, so a
# Redis restart signs nobody out; without it, a cache in the database would only add a
# second query, so sessions stay in their own table.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "trainees:list"

# Sign-in (django-allauth): email and password, no public sign-up.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.SignInForm",
    "reset_password": "accounts.forms.PasswordResetRequestForm",
    "reset_password_from_key": "accounts.forms.NewPasswordForm",
    "change_password": "accounts.forms.ChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "start"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{SERVICE_NAME}: "
# allauth's defaults, with failed sign-ins per email address configurable.
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("LOGIN_RATE_LIMIT", "30/m/ip"),
    "login_failed": os.environ.get(
        "LOGIN_FAILED_RATE_LIMIT", f"10/m/ip,{env_int('LOGIN_ATTEMPTS_LIMIT', 5)}/300s/key"
    ),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "signup": "20/m/ip",
}

# How people sign in: "password" (email and password, the default) or "oidc" (an OpenID
# Connect identity provider such as DfE Sign-in, found from OIDC_ISSUER by discovery).
# Start-up refuses "oidc" without the issuer, client id and secret (register_trainees.checks).
SIGN_IN_METHOD = env_choice("SIGN_IN_METHOD", SIGN_IN_METHODS, default=PASSWORD)
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = openid_connect_providers(
    OIDC_ISSUER if SIGN_IN_METHOD == OIDC else "", OIDC_CLIENT_ID, OIDC_CLIENT_SECRET
)
# Seconds to wait for each answer from the identity provider before the "not available"
# page: a provider that is down or slow costs a sign-in a few seconds, never a worker.
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("OIDC_TIMEOUT", 5, minimum=1)
# Accounts come from support staff only (the adapter): no sign-up, no email matching by
# allauth itself, no connecting a second identity, no tokens kept in the database.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SERVICE_NAME} <no-reply@example.com>")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:ia"
SHORT_DATE_FORMAT = "j M Y"

# Static files: the project's own files plus what npm installed (see
# govuk/staticfiles.py). GOV.UK Frontend's CSS asks for /assets/fonts and
# /assets/images, so static files are served under /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
if DEBUG and not STATIC_ROOT.is_dir():
    # Development serves from the finders; there is nothing collected to serve.
    STATIC_ROOT = None
STATICFILES_DIRS = [BASE_DIR / "static"]
NODE_MODULES_DIR = Path(os.environ.get("NODE_MODULES_DIR", BASE_DIR / "node_modules"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "govuk.staticfiles.NodeModulesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# HTTPS: on by default in production; turn it off only to run DEBUG-off builds
# on plain HTTP locally (the benchmark, the load test).
HTTPS_ONLY = env_bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS_ONLY)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS_ONLY)
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Sign-in rate limits count per client address (allauth). Behind a proxy every request
# comes from the proxy's address, so one attacker would lock everyone out: allauth reads
# the client from X-Forwarded-For instead, taking the entry our own proxies appended (the
# TRUSTED_PROXY_COUNT-th from the right), never one the client wrote. Without a proxy
# the header is anyone's to write, so it is ignored (0).
if BEHIND_PROXY:
    ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
    if ALLAUTH_TRUSTED_PROXY_COUNT < 1:
        raise ImproperlyConfigured(
            "TRUSTED_PROXY_COUNT must be 1 or more: the number of proxies in front of the "
            "service that append to X-Forwarded-For."
        )
else:
    if os.environ.get("TRUSTED_PROXY_COUNT", "").strip():
        raise ImproperlyConfigured(
            "TRUSTED_PROXY_COUNT is set but BEHIND_PROXY is off: set BEHIND_PROXY=1 when the "
            "service runs behind a proxy, or unset TRUSTED_PROXY_COUNT."
        )
    ALLAUTH_TRUSTED_PROXY_COUNT = 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style, no eval: see edge.middleware.SecurityHeadersMiddleware. Forms
# may lead to the identity provider (signing in and out) when it is used.
CONTENT_SECURITY_POLICY = content_security_policy(
    [origin_of(OIDC_ISSUER)] if SIGN_IN_METHOD == OIDC and OIDC_ISSUER else []
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "edge.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "class": "edge.log_format.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The one line per request; its own level so that it can be kept while the rest
        # is quietened (the load test does this to time its 503 answers).
        "register_trainees.requests": {
            "level": os.environ.get("REQUEST_LOG_LEVEL", os.environ.get("LOG_LEVEL", "INFO"))
        },
    },
}
