# Register trainee teachers: the production image (gunicorn behind WhiteNoise).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN useradd --create-home --uid 1000 app
COPY pyproject.toml README.md ./
COPY register_trainees ./register_trainees
COPY govuk ./govuk
COPY accounts ./accounts
COPY providers ./providers
COPY trainees ./trainees
RUN pip install .
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY --from=assets /app/node_modules ./node_modules
# collectstatic needs settings but no database or real secret.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
USER app
EXPOSE 8000
# Migrations run at start so that a new image brings its schema with it. No gunicorn
# access log: it would print query strings (searches hold names); the app logs each
# request itself without them.
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn register_trainees.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3}"]
