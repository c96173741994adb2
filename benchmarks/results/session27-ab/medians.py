"""Per-fork medians of the A/B's JMH text outputs, and their median per jar (python3 medians.py, in this directory)."""
import glob
import re
import statistics as st


def fork_medians(files, bench):
    found = []
    for name in sorted(files):
        benchmark, iterations = None, None
        for line in open(name):
            m = re.match(r'# Benchmark: (\S+)', line)
            if m:
                benchmark = m.group(1)
            if re.match(r'# Fork: \d+', line):
                iterations = []
                if benchmark and benchmark.endswith(bench):
                    found.append(iterations)
            m = re.match(r'Iteration\s+\d+: ([\d.]+)', line)
            if m and iterations is not None and benchmark.endswith(bench):
                iterations.append(float(m.group(1)))
    return [st.median(v) for v in found if v]


for pattern, benches in (('round*-{}.txt', ('agentRetryBreaker', 'agentOpenCircuit', 'agentInterruptTimeout', 'agentThreadTimeout')),
                         ('interrupt*-{}.txt', ('agentInterruptTimeout',))):
    for bench in benches:
        for jar in 'AB':
            meds = fork_medians(glob.glob(pattern.format(jar)), bench)
            print(f"{pattern.split('*')[0]:10} {bench:22} {jar} forks={len(meds):2} median={st.median(meds):9.2f}  "
                  + ' '.join(f'{m:.1f}' for m in meds))
