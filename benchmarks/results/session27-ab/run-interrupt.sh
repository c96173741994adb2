#!/usr/bin/env bash
# Second A/B, interrupt mode only: A = 6a2f84a, B = bd85976, 4 rounds in rotating order, 3 forks each.
set -u
cd /work/main
OUT=benchmarks/results/session27-ab
CP="benchmarks/target/benchmarks.jar:benchmarks/target/lib/*"
n=0
for order in "B A" "A B" "B A" "A B"; do
  n=$((n+1))
  for j in $order; do
    java -Dbench.root=. -Dagent.jar=/tmp/ab/$j.jar -Dbench.agent.extra=metrics.port=$((19470+n)) -cp "$CP" bench.harness.JmhRun \
      'bench\.jmh\.TimeoutBenchmark\.agentInterruptTimeout$' -f 3 -wi 3 -i 5 -w 1s -r 1s -prof gc \
      -rf csv -rff $OUT/interrupt$n-$j.csv > $OUT/interrupt$n-$j.txt 2>&1
    echo "interrupt round $n $j rc=$?"
  done
done
