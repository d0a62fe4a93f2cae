#!/usr/bin/env bash
# Dependency audit: Python packages with pip-audit, npm packages with npm audit.
# Each runs when its vulnerability service answers; otherwise it says so and moves on,
# so that a closed network is mistaken neither for a clean audit nor for a failed one.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
status=0

django_version="$("$PY" -c 'import django; print(django.get_version())')"
if curl -sf -o /dev/null --max-time 10 "https://pypi.org/pypi/django/${django_version}/json"; then
  echo "pip-audit: checking the installed Python packages against PyPI's advisories"
  "$PY" -m pip_audit --progress-spinner off --skip-editable || status=1
else
  echo "pip-audit: SKIPPED: PyPI's vulnerability data (pypi.org/pypi/<name>/<version>/json)" \
       "cannot be reached from here"
fi

npm_output="$(npm audit --omit=dev --audit-level=low 2>&1)"
npm_status=$?
if grep -qiE "audit endpoint returned an error|ENOAUDIT|ENOTFOUND|ECONNREFUSED|ETIMEDOUT" <<<"$npm_output"; then
  echo "npm audit: SKIPPED: the npm registry's audit service cannot be reached from here"
else
  echo "$npm_output"
  [ "$npm_status" -eq 0 ] || status=1
fi
exit $status
