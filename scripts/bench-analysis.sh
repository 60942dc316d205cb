#!/usr/bin/env bash
# JMH benchmark of libs/analysis: one 10-message conversation analysed end to end (sentiment, ten detectors,
# health score), healthy and failing variants. Target: >= 2,000 conversations/s per core.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp install -DskipTests -pl libs/contracts,libs/analysis
mvn -B -q -ntp test -pl libs/analysis -Dtest=AnalyzerBenchmarkLauncher -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false
