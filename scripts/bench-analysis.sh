#!/usr/bin/env bash
# JMH benchmark of libs/analysis end to end with the learned layer: 10- and 25-message conversations, every message
# new to the per-message cache (cold) and re-scored (warm), and the rules-only path. Target: >= 1,000 messages/s per
# core, cold. Contracts are built in the same reactor, so nothing is installed into ~/.m2.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp test -pl libs/contracts,libs/analysis -Dtest=AnalyzerBenchmarkLauncher -Dbench=true \
    -Dsurefire.failIfNoSpecifiedTests=false
