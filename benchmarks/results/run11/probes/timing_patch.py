p='agent/src/main/java/dev/resilience/agent/instrument/ResilienceTransformer.java'
s=open(p).read()
s=s.replace('''    @Override
    public byte[] transform(''','''    public static final long[][] PH = new long[6][4096]; public static final int[] pn = new int[6];
    static long SEL;
    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String[] names = {"plan", "sites", "weave"};
            StringBuilder b = new StringBuilder(String.format("TIMING select=%.1fms", SEL / 1e6));
            for (int k = 0; k < 3; k++) { int m = Math.min(pn[k], 4096); long[] a = java.util.Arrays.copyOfRange(PH[k], Math.max(0, m - 100), m); long tot = 0; for (int i = 0; i < m; i++) tot += PH[k][i]; java.util.Arrays.sort(a);
              b.append(String.format(" %s=%.1fms(last100 med %dus)", names[k], tot / 1e6, a.length == 0 ? 0 : a[a.length / 2] / 1000)); }
            System.err.println(b);
        }));
    }

    @Override
    public byte[] transform(''',1)
s=s.replace('''            List<RuleSelector> selected = policy.matcher().select(loader, className, classfileBuffer);''','''            long t0 = System.nanoTime();
            List<RuleSelector> selected = policy.matcher().select(loader, className, classfileBuffer);
            SEL += System.nanoTime() - t0;''',1)
open(p,'w').write(s)
p='agent/src/main/java/dev/resilience/agent/instrument/ClassInstrumenter.java'
s=open(p).read()
a='''        Described described = new Described(loader, className, bytes);
        ClassReader reader = new ClassReader(bytes);
        List<Planned> plan = plan(className, reader, described, selectors, installed, true, true);'''
assert a in s
s=s.replace(a,'''        Described described = new Described(loader, className, bytes);
        ClassReader reader = new ClassReader(bytes);
        long a1 = System.nanoTime();
        List<Planned> plan = plan(className, reader, described, selectors, installed, true, true);
        long a2 = System.nanoTime(); ResilienceTransformer.PH[0][ResilienceTransformer.pn[0]++ & 4095] = a2 - a1;''')
b='''        if (weave) {
            try {
                byte[] woven = weaveWithinSizeLimit(className, reader, targets, sites);'''
assert b in s
s=s.replace(b,'''        long a3 = System.nanoTime(); ResilienceTransformer.PH[1][ResilienceTransformer.pn[1]++ & 4095] = a3 - a2;
        if (weave) {
            try {
                byte[] woven = weaveWithinSizeLimit(className, reader, targets, sites);
                ResilienceTransformer.PH[2][ResilienceTransformer.pn[2]++ & 4095] = System.nanoTime() - a3;''')
open(p,'w').write(s)
