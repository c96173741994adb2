#!/bin/bash
# usage: ab.sh ROUNDS OUT label=opts ...   (opts: javaagent option or "none")
cd /work/main
S=benchmarks/target/scale
R=$1; OUT=$2; shift 2
: > $OUT
for r in $(seq 1 $R); do
  for spec in "$@"; do
    label=${spec%%=*}; opt=${spec#*=}
    [ "$opt" = none ] && opt=""
    line=$(java $opt -cp benchmarks/target/classes bench.harness.ScaleChild $S/generated-20000.jar 20075 2>/dev/null | grep loaded)
    echo "$r $label $line" >> $OUT
  done
done
python3 - $OUT <<'PY'
import sys,re,statistics as st,collections
rows=[l.split() for l in open(sys.argv[1])]
d=collections.defaultdict(dict)
for r in rows:
    rnd,label=r[0],r[1]; kv=dict(x.split('=') for x in r[2:] if '=' in x)
    d[label][rnd]=(float(kv['loadMs']),float(kv['cpuMs']))
base=list(d)[0]
for lab in d:
    ws=[v[0] for v in d[lab].values()]; cs=[v[1] for v in d[lab].values()]
    rat=[d[lab][k][0]/d[base][k][0]-1 for k in d[lab] if k in d[base]]
    crat=[d[lab][k][1]/d[base][k][1]-1 for k in d[lab] if k in d[base]]
    q=st.quantiles(rat,n=4) if len(rat)>1 else [0,0,0]
    print(f"{lab:14s} wall med {st.median(ws):7.1f} cpu med {st.median(cs):7.1f}  per-round +{100*st.median(rat):5.1f}% (q {100*q[0]:5.1f}..{100*q[2]:5.1f})  cpu +{100*st.median(crat):5.1f}%")
PY
