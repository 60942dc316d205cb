#!/usr/bin/env bash
# JMH benchmark of libs/analysis end to end with the learned layer: 10- and 25-message conversations, every message
# new to the per-message cache (cold) and re-scored (warm), and the rules-only path. Target: >= 1,000 messages/s per
# core, cold. Contracts are built in the same reactor, so nothing is installed into ~/.m2.
#
# BENCH_JMH_JSON=FILE (what scripts/bench.sh sets): JMH's own runner instead of the Surefire launcher, one thread,
# its results as JSON in FILE (-rf json), and BENCH_JMH_ARGS passed to it (e.g. "-wi 1 -w 2 -i 2 -r 2" for a short
# run; default: the iterations annotated on AnalyzerBenchmark). Without it: the launcher, which also prints the
# per-CPU-second figures and where a cold message's time goes.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BENCH_JMH_JSON:-}" ]; then
  exec mvn -B -q -ntp test -pl libs/contracts,libs/analysis -Dtest=AnalyzerBenchmarkLauncher -Dbench=true \
      -Dsurefire.failIfNoSpecifiedTests=false
fi
classpath="$(mktemp)"
trap 'rm -f "$classpath"' EXIT
mvn -B -q -ntp test-compile dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test \
    -pl libs/contracts,libs/analysis
# the last module's classpath (libs/analysis) is the one left in the file; it names libs/contracts' classes
# shellcheck disable=SC2086
exec java -cp "libs/analysis/target/test-classes:libs/analysis/target/classes:$(cat "$classpath")" \
    org.openjdk.jmh.Main 'com.convosensei.analysis.bench.AnalyzerBenchmark' -t 1 ${BENCH_JMH_ARGS:-} \
    -rf json -rff "$BENCH_JMH_JSON"
