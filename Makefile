# Sensei — the two commands are `make run` and `make test`; everything else is a convenience.
SHELL := /bin/bash
.DEFAULT_GOAL := help
MVN ?= mvn -B -ntp

.PHONY: help run stop status logs build build-java build-web build-site lighthouse lighthouse-site test lint fuzz eval train seed bench bench-reads bench-ingest bench-analysis bench-score bench-sdk bench-sdk-python bench-otlp demo clean rescore openapi

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

run: ## start the whole stack (Postgres + Redis found or started, migrations, all services, dashboard at :8080)
	@bash scripts/infra.sh
	@$(MAKE) --no-print-directory build
	@bash scripts/stack.sh start --profile run
	@bash scripts/print-welcome.sh

stop: ## stop what `make run` started
	@bash scripts/stack.sh stop --profile run

status: ## which services are up, their ports and memory
	@bash scripts/stack.sh status --profile run

logs: ## follow the logs of the running stack
	@tail -n 20 -F .run/stack/logs/*.log

build: build-java build-web build-site ## build every service, the dashboard and the landing page

build-java:
	@echo "building the services (mvn package, tests skipped; \`make test\` runs them)"
	@$(MVN) -q install -DskipTests

build-web:
	@if [ -f services/dashboard-web/package.json ]; then \
	  echo "building the dashboard"; \
	  cd services/dashboard-web && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build; \
	fi

build-site: ## the landing page into site/dist (served by the gateway at /site/); SITE_URL=, API_URL=, APP_URL= (site/README.md)
	@echo "building the landing page"
	@node site/build.mjs

lighthouse: ## Lighthouse (desktop + mobile) on the dashboard's Overview, Conversations, Failures and Patterns of a running stack, signed in with .sensei-local.env's admin (`make run` first; LH_RUNS=, LH_PAGES=, LH_PRESETS=, SENSEI_URL=)
	@cd services/dashboard-web && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && \
	  if [ -f ../../.sensei-local.env ]; then set -a; . ../../.sensei-local.env; set +a; fi && node scripts/lighthouse.mjs

lighthouse-site: ## Lighthouse (desktop + mobile) on the landing page of a running stack (`make run` first, or SENSEI_URL=)
	@cd services/dashboard-web && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; }
	@node site/scripts/lighthouse.mjs

test: ## run every test (Java, dashboard, SDK, demo, end-to-end in a real browser); ends with "N passed, N failed"
	@bash scripts/test-all.sh

lint: ## the lint gate: Checkstyle (build/checkstyle.xml, also at every mvn validate), ESLint + Prettier for the dashboard, SDK and demo, the Python SDK's style check
	@$(MVN) -q validate
	@for pkg in services/dashboard-web sdk/typescript demo; do \
	  echo "lint $$pkg"; (cd $$pkg && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent lint) || exit 1; \
	done
	@python3 sdk/python/scripts/lint.py

openapi: ## regenerate docs/openapi/{dashboard-api,admin-api,ingestion-gateway}.json from the services (their OpenApiSnapshotTest, -Dsensei.openapi.update=true) and the dashboard's src/api/schema.gen.ts from them
	@$(MVN) -q -pl services/dashboard-api,services/admin-api,services/ingestion-gateway -am test -Dtest=OpenApiSnapshotTest -Dsurefire.failIfNoSpecifiedTests=false -Dsensei.openapi.update=true
	@cd services/dashboard-web && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent gen:api

fuzz: build ## 10,000 seeded bad inputs over every endpoint of a private stack (no 5xx, every 4xx in the envelope, every 202 stored); FUZZ_SIZE=, FUZZ_SEED=
	@bash scripts/fuzz.sh $(or $(FUZZ_SIZE),10000) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

eval: ## the analysis on real labelled dev data (per dataset and type P/R/F1, false alarms, health and sentiment AUC; tuned part vs holdout) usage patterns vs Bitext intents (NMI, purity), and the own corpus
	@$(MVN) -q -pl libs/contracts,libs/analysis test -Dtest='RealDataEvalLauncher,PatternEvalLauncher,CorpusEvaluationTest' -Deval=true -Dsurefire.failIfNoSpecifiedTests=false
	@echo "tables also written to libs/analysis/target/eval-report.md and pattern-eval.md"

train: ## rebuild the learned layer from libs/analysis/eval/data (static embedding table from the ONNX model in a Maven Central jar, then the heads); writes heads.json and eval/MODEL_CARD.md
	@$(MVN) -q -pl libs/contracts,libs/analysis test -Dtest=TrainLauncher -Dtrain=all -Dsurefire.failIfNoSpecifiedTests=false

seed: ## a realistic database for benchmarks, by COPY into its own database (default 1M conversations / ~10M messages over 90 days into sensei_seed; SEED_CONVERSATIONS=, SEED_DAYS=, SEED_DB=)
	@[ -f services/processor/target/quarkus-app/quarkus-run.jar ] || $(MAKE) --no-print-directory build-java
	@python3 scripts/seed.py

bench: ## every benchmark in one run on a private stack of its own, ONE table printed and written to docs/benchmarks.md (~20 min; BENCH_SECONDS=10 for ~6; knobs in scripts/bench.sh); under flock /tmp/sensei-bench.lock on a shared box
	@bash scripts/bench.sh

bench-analysis: ## JMH: analysis end to end with the learned layer (10 and 25 messages, cache cold and warm, rules-only)
	@bash scripts/bench-analysis.sh

bench-reads: ## every dashboard GET under 8 concurrent clients (wrk) against a private dashboard-api on the seeded database (`make seed` first): P50/P95/P99 per endpoint, the plans of the slow ones; SEED_DB=, BENCH_SECONDS=
	@[ -f services/dashboard-api/target/quarkus-app/quarkus-run.jar ] || $(MAKE) --no-print-directory build-java
	@bash scripts/bench-reads.sh

bench-ingest: ## load test through the gateway for 60 s against a running stack (`make run` first)
	@bash scripts/bench-ingest.sh

bench-score: ## time from 202 at ingestion to health score visible, against a running stack (`make run` first)
	@set -a; . .run/stack/stack.env; set +a; node services/processor/bench/score-latency.mjs --conversations 1000 --concurrency 8 --rate 100

bench-otlp: ## OTLP/HTTP spans/s accepted through the gateway, 20 s, against a running stack (`make run` first, or SENSEI_URL + admin login set)
	@if [ -z "$${SENSEI_URL:-}" ]; then set -a; . .run/stack/stack.env; set +a; fi; node services/ingestion-gateway/bench/otlp-bench.mjs

bench-sdk: ## SDK: caller-side cost of track() and event-loop delay
	@cd sdk/typescript && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent bench

bench-sdk-python: ## Python SDK: caller-side cost of track() (p50/p99 µs), sender idle and busy
	@python3 sdk/python/bench/track_cost.py

demo: ## send the demo agent's conversations to the stack from `make run`
	@cd demo && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent demo:agent

clean: ## remove build output (keeps .sensei-local.env)
	@$(MVN) -q clean
	@rm -rf .run services/dashboard-web/dist site/dist

rescore: ## re-score stored conversations not on the running processor's health version (ARGS="--all --environment production --dry-run ..."; docs/rescoring.md)
	@bash scripts/rescore.sh $(ARGS)
