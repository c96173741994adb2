#!/usr/bin/env bash
# Full benchmark run, by hand (CI runs only the smoke run inside `mvn -B verify`).
#
#   benchmarks/run.sh [--no-build] [--quick] [--only jmh|precision|startup|scale|sample-app] [-- JMH options]
#
# Builds the agent, the sample app and this module (mvn package, nothing installed), then runs, in
# this order, into benchmarks/results/<timestamp>/ (or $BENCH_OUT):
#   machine.txt                     nproc, CPU, memory, load, JDK, Maven, commit
#   jmh.txt, jmh.csv                every JMH benchmark (agent and comparators in the same run),
#                                   -prof gc (B/op) and -prof bench.jmh.CpuTimeProfiler (CPU ns/op,
#                                   steadier than wall time on a shared machine);
#                                   default options: -f 1 -wi 3 -i 5 -w 1s -r 1s
#   precision.txt/.properties       timeout precision harness (JVM with the agent)
#   startup.txt/.properties         start-up harness, medians of 10
#   scale.txt/.properties           20,000 generated classes, 50-rule policy
#   sample-app.txt/.properties      the sample app's workload, healthy services, with/without agent
#   summary.md                      every target of issue 8 with MET / MISSED (bench.harness.Report)
# Environment: JAVA (default: java on the PATH), BENCH_OUT, JMH_OPTS (replaces the defaults above).
# --quick: the harnesses' quick modes and a short JMH run (-f 1 -wi 1 -i 2 -w 200ms -r 200ms): checks
# the pipeline, not the figures.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
BUILD=1
QUICK=
ONLY=
EXTRA_JMH=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD= ;;
    --quick) QUICK=--quick ;;
    --only) ONLY="$2"; shift ;;
    --) shift; EXTRA_JMH=("$@"); break ;;
    *) echo "usage: $0 [--no-build] [--quick] [--only jmh|precision|startup|scale|sample-app] [-- JMH options]" >&2; exit 2 ;;
  esac
  shift
done

OUT="${BENCH_OUT:-$ROOT/benchmarks/results/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
echo "results go to: $OUT"

if [[ -n "$BUILD" ]]; then
  echo "== build (mvn -B -q package -DskipTests)"
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi

AGENT="$ROOT/agent/target/resilience-agent.jar"
POLICY="$ROOT/benchmarks/src/main/resources/bench-policy.yaml"
CP="$ROOT/benchmarks/target/benchmarks.jar:$ROOT/benchmarks/target/lib/*"
PROPS=(-Dbench.root="$ROOT" -Dbench.java="$(command -v "$JAVA")")
for f in "$AGENT" "$ROOT/benchmarks/target/benchmarks.jar" "$ROOT/sample-app/target/sample-app.jar"; do
  [[ -f "$f" ]] || { echo "missing $f: build first (run without --no-build)" >&2; exit 1; }
done

{
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:  $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo n/a)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (uncommitted changes)')"
  echo "nproc:   $(nproc)"
  echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory:  $(free -h | awk '/^Mem:/ {print $2}')"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min, at start)"
  echo "java:    $("$JAVA" -version 2>&1 | tr '\n' ' ')"
  echo "maven:   $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
} | tee "$OUT/machine.txt"

run() { [[ -z "$ONLY" || "$ONLY" == "$1" ]]; }

if run jmh; then
  echo "== JMH (agent, Resilience4j, Failsafe in one run; -prof gc)"
  if [[ -n "${JMH_OPTS:-}" ]]; then read -r -a OPTS <<< "$JMH_OPTS"
  elif [[ -n "$QUICK" ]]; then OPTS=(-f 1 -wi 1 -i 2 -w 200ms -r 200ms)
  else OPTS=(-f 1 -wi 3 -i 5 -w 1s -r 1s); fi
  PORT="$("$JAVA" -cp "$CP" bench.harness.FreePort)"
  # metrics on: the agent serves its meters on this port in every fork, whatever it measures today
  "$JAVA" "${PROPS[@]}" -Dbench.agent.extra="metrics.port=$PORT" -cp "$CP" bench.harness.JmhRun 'bench\.jmh\..*' \
      "${OPTS[@]}" -prof gc -prof bench.jmh.CpuTimeProfiler -rf csv -rff "$OUT/jmh.csv" "${EXTRA_JMH[@]}" | tee "$OUT/jmh.txt"
fi
if run precision; then
  echo "== timeout precision (JVM with the agent, bench-policy.yaml)"
  "$JAVA" "${PROPS[@]}" -javaagent:"$AGENT"=policy="$POLICY" -cp "$CP" bench.harness.TimeoutPrecision $QUICK \
      --out "$OUT/precision.properties" | tee "$OUT/precision.txt"
fi
if run startup; then
  echo "== start-up"
  "$JAVA" "${PROPS[@]}" -cp "$CP" bench.harness.StartupTime $QUICK --out "$OUT/startup.properties" | tee "$OUT/startup.txt"
fi
if run scale; then
  echo "== scale: 20,000 generated classes, 50 rules"
  "$JAVA" "${PROPS[@]}" -cp "$CP" bench.harness.ScaleLoad $QUICK --out "$OUT/scale.properties" | tee "$OUT/scale.txt"
fi
if run sample-app; then
  echo "== sample app, healthy services, with and without the agent"
  "$JAVA" "${PROPS[@]}" -cp "$CP" bench.harness.SampleAppThroughput $QUICK --out "$OUT/sample-app.properties" \
      | tee "$OUT/sample-app.txt"
fi

"$JAVA" -cp "$CP" bench.harness.Report "$OUT" | tee "$OUT/summary.md"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
echo "results in: $OUT (summary.md: targets; jmh.txt: JMH's full output)"
