# Groups the JFR execution samples of InstrumentProbeLoop by the callee of ClassInstrumenter.instrument
# and counts those with ASM's ByteVector.putUTF8 on the stack. Usage: python3 samples.py <jfr print output>
import re, collections, sys
txt=open(sys.argv[1]).read()
events=txt.split('jdk.ExecutionSample')
tot=0; lvl=collections.Counter(); utf=0
for e in events:
    frames=re.findall(r'^\s+([\w.$<>]+)\(', e, re.M)
    if not frames or not any('InstrumentProbeLoop.main' in f for f in frames): continue
    tot+=1
    idx=[i for i,f in enumerate(frames) if f.endswith('ClassInstrumenter.instrument')]
    if idx:
        i=idx[0]; key=frames[i-1] if i>0 else 'self'
    else:
        i=[i for i,f in enumerate(frames) if f.endswith('InstrumentProbeLoop.main')][0]
        key='(outside instrument) '+(frames[i-1] if i>0 else 'self')
    lvl[key.split('.')[-2]+'.'+key.split('.')[-1] if '.' in key else key]+=1
    if any('ByteVector.putUTF8' in f for f in frames): utf+=1
print(f"samples in the probe's main: {tot}")
for k,v in lvl.most_common(12): print(f"{v:6d} {100*v/tot:5.1f}% {k}")
print(f"{utf:6d} {100*utf/tot:5.1f}% with ASM's ByteVector.putUTF8 on the stack (encoding the new constants' names and descriptors)")
