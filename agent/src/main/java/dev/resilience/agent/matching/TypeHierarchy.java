package dev.resilience.agent.matching;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers "which types does this class extend or implement" for {@code subtypeOf} without loading
 * classes: supertypes are read from class-file bytes found through the class's own loader (the only
 * loader the agent ever resolves policy names through), unless the matcher already saw that loader
 * define them ({@link #learn}). Each supertype's closure (every type above
 * it) is computed once per loader and type name and kept, so a base class shared by thousands of
 * classes is walked once, not once per subclass and rule; so is which {@code subtypeOf} rules it
 * brings. Thread-safe.
 *
 * <p>Loaders are held weakly and nothing cached refers back to one, so a discarded loader (a
 * redeployed web application) can be collected with its entries.
 */
public final class TypeHierarchy {
    private static final List<String> NONE = List.of();
    private static final String OBJECT = "java.lang.Object";
    private static final int[] NO_RULES = {};
    /**
     * How many supertypes {@link #learn} records per loader. Interfaces and abstract classes are
     * few next to the classes an application loads, but a bound keeps the agent's memory fixed
     * whatever it loads; past it, a supertype is read as before.
     */
    static final int LEARNED_PER_LOADER = 4_096;
    /**
     * Finds resources of the bootstrap loader only: a class it loaded can only have supertypes it
     * loaded. The system class loader's resource lookup would also search the application class
     * path and could read another class of the same name there. Made on first use (a holder class):
     * the matcher is built in premain, and most policies never read a JDK class file (issue 8).
     */
    private static final class BootResources {
        static final ClassLoader LOADER = new java.net.URLClassLoader(new java.net.URL[0], null);
    }

    private final Map<ClassLoader, KnownTypes> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
    private final KnownTypes boot = new KnownTypes();
    /**
     * The loader asked about last and its types: classes come in long runs from one loader, so most
     * lookups end here instead of taking the lock of {@link #byLoader}.
     */
    private volatile LastLoader last = new LastLoader(new WeakReference<>(null), boot);

    private record LastLoader(WeakReference<ClassLoader> loader, KnownTypes types) { }

    /** What has been read through one loader. Holds names only, never the loader or a class. */
    private static final class KnownTypes {
        /** Direct supertypes (super class first, then interfaces) of the class files read; empty when unreadable. */
        final Map<String, List<String>> parents = new ConcurrentHashMap<>();
        /** Every supertype, direct or not, of the types asked about. */
        final Map<String, List<String>> closures = new ConcurrentHashMap<>();
        /** The {@code subtypeOf} rules each type asked about brings: its own and those of everything above it. */
        final Map<String, int[]> rules = new ConcurrentHashMap<>();
        /** How many entries of {@link #parents} {@link #learn} made. */
        final AtomicInteger learned = new AtomicInteger();
    }

    /**
     * Records the direct supertypes of an interface or abstract class that {@code loader} is
     * defining (the matcher has just parsed its header), so a class below it that loads later
     * needs no read of its class file. Such a read goes through the loader's resource lookup (a
     * URL, a jar connection, a stream), which costs hundreds of microseconds while that code is
     * still cold. Concrete classes are left out: they are most of what an application loads and
     * seldom what a {@code subtypeOf} names. Never throws, but for a StackOverflowError.
     */
    void learn(ClassLoader loader, ClassFile header) {
        if (!header.isInterface() && !header.isAbstract()) {
            return;
        }
        KnownTypes types = typesOf(loader);
        if (types.learned.get() >= LEARNED_PER_LOADER || types.parents.containsKey(header.name())) {
            return;
        }
        if (types.parents.putIfAbsent(header.name(), kept(directSupertypes(header))) == null) {
            types.learned.incrementAndGet();
        }
    }

    /**
     * The names to keep, with {@code java.lang.Object} (the super class of every interface and of
     * most classes) as one shared string rather than the copy each parse made.
     */
    private static List<String> kept(List<String> parents) {
        String[] names = parents.toArray(new String[0]);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(OBJECT)) {
                names[i] = OBJECT;
            }
        }
        return List.of(names);
    }

    /** True when {@code type} (already parsed) extends or implements {@code target}, directly or not. */
    public boolean isSubtype(ClassLoader loader, ClassFile type, String target) {
        for (String parent : directSupertypes(type)) {
            if (parent.equals(target) || supertypesOf(loader, parent).contains(target)) {
                return true;
            }
        }
        return false;
    }

    /** The super class (when there is one) and then the interfaces of a parsed class. */
    public static List<String> directSupertypes(ClassFile type) {
        if (type.superName() == null) {
            return type.interfaces();
        }
        List<String> parents = new ArrayList<>(1 + type.interfaces().size());
        parents.add(type.superName());
        parents.addAll(type.interfaces());
        return parents;
    }

    /**
     * Every type {@code typeName} extends or implements, directly or not, as read through
     * {@code loader} ({@code null}: the bootstrap loader); computed once per loader and name. A
     * supertype whose class file cannot be read is listed, but not what lies above it: it cannot be
     * proven to match. Never throws, but for a StackOverflowError.
     */
    public List<String> supertypesOf(ClassLoader loader, String typeName) {
        KnownTypes types = typesOf(loader);
        List<String> closure = types.closures.get(typeName);
        if (closure == null) {
            // Computed outside any lock: reading class files may load classes (and take their locks).
            // Two threads may compute the same closure at once; both get the same answer.
            closure = closure(types, loader, typeName);
            types.closures.put(typeName, closure);
        }
        return closure;
    }

    /**
     * The positions of the {@code subtypeOf} rules of {@code index} that select a class having
     * {@code typeName} as a direct supertype: the rules naming it or any type above it, as read
     * through {@code loader}. Computed once per loader and name, so a class costs one lookup per
     * direct supertype, whatever the depth of the hierarchy above it (this runs for every class the
     * JVM loads, much of it before the JIT has compiled it). A hierarchy serves one index (one
     * policy); the result is shared and must not be modified. Never throws, but for a StackOverflowError.
     */
    int[] rulesBroughtBy(ClassLoader loader, String typeName, RuleIndex index) {
        KnownTypes types = typesOf(loader);
        int[] known = types.rules.get(typeName);
        if (known == null) {
            known = union(index, typeName, supertypesOf(loader, typeName));
            types.rules.put(typeName, known);
        }
        return known;
    }

    private static int[] union(RuleIndex index, String typeName, List<String> above) {
        BitSet rules = new BitSet();
        for (int rule : index.subtypeRules(typeName)) {
            rules.set(rule);
        }
        for (String ancestor : above) {
            for (int rule : index.subtypeRules(ancestor)) {
                rules.set(rule);
            }
        }
        if (rules.isEmpty()) {
            return NO_RULES;
        }
        int[] positions = new int[rules.cardinality()];
        int k = 0;
        for (int rule = rules.nextSetBit(0); rule >= 0; rule = rules.nextSetBit(rule + 1)) {
            positions[k++] = rule; // a loop, not BitSet.stream(): no stream classes on the class-loading path
        }
        return positions;
    }

    private KnownTypes typesOf(ClassLoader loader) {
        if (loader == null) {
            return boot;
        }
        LastLoader recent = last;
        if (recent.loader().get() == loader) {
            return recent.types();
        }
        KnownTypes types = byLoader.computeIfAbsent(loader, key -> new KnownTypes());
        last = new LastLoader(new WeakReference<>(loader), types);
        return types;
    }

    /** A walk up from {@code typeName}, cut short at every type whose closure is already known. Ends on cycles. */
    private List<String> closure(KnownTypes types, ClassLoader loader, String typeName) {
        Set<String> closure = new LinkedHashSet<>();
        ArrayDeque<String> pending = new ArrayDeque<>();
        pending.add(typeName);
        while (!pending.isEmpty()) {
            for (String parent : parents(types, loader, pending.poll())) {
                if (!closure.add(parent)) {
                    continue;
                }
                List<String> known = types.closures.get(parent);
                if (known != null) {
                    closure.addAll(known);
                } else {
                    pending.add(parent);
                }
            }
        }
        return List.copyOf(closure);
    }

    private static List<String> parents(KnownTypes types, ClassLoader loader, String typeName) {
        if (typeName.equals(OBJECT)) {
            return NONE; // not worth reading: it has no supertype
        }
        List<String> parents = types.parents.get(typeName);
        if (parents == null) {
            parents = read(loader, typeName);
            types.parents.put(typeName, parents);
        }
        return parents;
    }

    private static List<String> read(ClassLoader loader, String name) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = (loader == null ? BootResources.LOADER : loader).getResourceAsStream(resource)) {
            if (in == null) {
                return NONE;
            }
            return List.copyOf(directSupertypes(ClassFile.parse(in.readAllBytes(), name, false)));
        } catch (IOException | RuntimeException | LinkageError e) {
            // An unreadable supertype cannot be proven to match: treat it as unrelated. Loaders fail in odd
            // ways here (NoClassDefFoundError from a lazily loaded helper, ClassCircularityError when the
            // lookup itself loads a class that is being transformed).
            return NONE;
        }
    }
}
