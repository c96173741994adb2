#!/usr/bin/env bash
# Alternated A/B: A = 6a2f84a, B = bd85976 (agent jars), benchmarks from the working tree.
set -u
cd /work/main
OUT=benchmarks/results/session27-ab
CP="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
RX='bench\.jmh\.(SuccessPathBenchmark\.agentRetryBreaker|RejectionBenchmark\.agentOpenCircuit|TimeoutBenchmark\.agent(Interrupt|Thread)Timeout)$'
n=0
for order in "A B" "B A" "A B"; do
  n=$((n+1))
  for j in $order; do
    java -Dbench.root=. -Dagent.jar=/tmp/ab/$j.jar -Dbench.agent.extra=metrics.port=$((19460+n)) -cp "$CP" bench.harness.JmhRun "$RX" \
      -f 2 -wi 3 -i 5 -w 1s -r 1s -prof gc -rf csv -rff $OUT/round$n-$j.csv > $OUT/round$n-$j.txt 2>&1
    echo "round $n $j rc=$?"
  done
done
