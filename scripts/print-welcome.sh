#!/usr/bin/env bash
# Printed at the end of `make run`: where the dashboard is and how to log in.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a; . .run/stack/stack.env; set +a
cat <<TXT

  Sensei is running.

    Dashboard   $SENSEI_URL
    Log in as   $SENSEI_ADMIN_EMAIL
    Password    $SENSEI_ADMIN_PASSWORD      (kept in .sensei-local.env)

    API         $SENSEI_URL/api/v1   (OpenAPI of each service: http://localhost:8081/q/openapi ... :8083)
    Logs        .run/stack/logs/     make logs
    Stop        make stop            Demo data: make demo

TXT
