# Register trainee teachers: the production images. The default target is the app
# (gunicorn, deploy/gunicorn.conf.py); the target "proxy" is the nginx front door that
# docker-compose.yml puts in front of it (deploy/nginx/); the target "oidc-test-provider"
# is the test OpenID provider, for trying DfE Sign-in locally (never for production).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# The test OpenID provider (tests/oidc/provider.mjs, the npm devDependency oidc-provider),
# for `docker compose --profile oidc up`: in memory, with the test accounts.
FROM node:20-bookworm-slim AS oidc-test-provider
WORKDIR /oidc
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tests/oidc/provider.mjs ./provider.mjs
EXPOSE 9090
CMD ["node", "provider.mjs"]

FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --create-home --uid 1000 app
COPY pyproject.toml README.md ./
COPY register_trainees ./register_trainees
COPY govuk ./govuk
COPY edge ./edge
COPY pages ./pages
COPY accounts ./accounts
COPY providers ./providers
COPY research ./research
COPY trainees ./trainees
COPY scale ./scale
COPY demo ./demo
RUN pip install .
COPY manage.py ./
COPY deploy ./deploy
COPY templates ./templates
COPY static ./static
COPY --from=assets /app/node_modules ./node_modules
# collectstatic and the proxy's error page need settings but no database or real secret.
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && DEBUG=0 SECRET_KEY=build-only python manage.py render_proxy_pages /app/proxy-pages
USER app
# Reached only through the proxy: never publish this port.
EXPOSE 8000
# Migrations run at start so that a new image brings its schema with it. No gunicorn
# access log: it would print query strings (searches hold names); the app logs each
# request itself without them.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn -c deploy/gunicorn.conf.py register_trainees.wsgi:application"]

# The front door: the official nginx image (on Debian bookworm) with the service's
# config, its collected static files and its GOV.UK "unavailable" page. The image fills in
# the template's placeholders from these variables when it starts.
FROM nginx:1.26-bookworm AS proxy
COPY deploy/nginx/register.conf.template /etc/nginx/templates/default.conf.template
COPY --from=app /app/staticfiles /srv/register/assets
COPY --from=app /app/proxy-pages /srv/register/errors
ENV APP_UPSTREAM=web:8000 \
    LISTEN=8080 \
    ACCESS_LOG=/dev/stdout \
    STATIC_ROOT=/srv/register/assets \
    ERROR_PAGES=/srv/register/errors
EXPOSE 8080

FROM app
