package dev.resilience.agent.instrument;

import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.log.AgentLog;
import dev.resilience.agent.matching.RuleSelector;
import dev.resilience.agent.policy.Position;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rewrites one selected class: picks its methods rule by rule (first rule in file order wins a
 * method both select, with a warning), registers a {@link Site} per method and inlines the advice
 * that fits it. Only called for classes a rule already selected, so Byte Buddy's classes load
 * only when something matches. Adds no fields or methods, so loaded classes can be
 * retransformed. Thread-safe.
 */
public final class ClassInstrumenter {
    private static final Logger LOG = AgentLog.logger();
    private static final Set<String> WARNED_OVERLAPS = ConcurrentHashMap.newKeySet();
    private static final ClassFileLocator ADVICE_LOCATOR = ClassFileLocator.ForClassLoader.of(ClassInstrumenter.class.getClassLoader());
    private static final Map<Class<?>, TypeDescription> ADVICE = Map.of(
            InlineAdvice.class, TypeDescription.ForLoadedType.of(InlineAdvice.class),
            InlineVoidAdvice.class, TypeDescription.ForLoadedType.of(InlineVoidAdvice.class),
            HandoffAdvice.class, TypeDescription.ForLoadedType.of(HandoffAdvice.class),
            HandoffVoidAdvice.class, TypeDescription.ForLoadedType.of(HandoffVoidAdvice.class));

    private ClassInstrumenter() {
    }

    /** What was done to one class: its new bytes (null when no method qualified) and its sites. */
    public record Result(byte[] bytes, List<Site> sites) { }

    public static Result instrument(ClassLoader loader, String className, byte[] bytes, List<RuleSelector> selectors,
                                    InstalledPolicy installed) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(className, bytes),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = TypePool.Default.of(locator);
        TypeDescription type = pool.describe(className).resolve();
        DynamicType.Builder<?> builder = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .redefine(type, locator);
        List<Site> sites = new ArrayList<>();
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            if (method.isConstructor() || method.isTypeInitializer()) {
                continue;
            }
            List<String> parameters = parameterNames(method);
            RuleSelector winner = winner(selectors, method, parameters, className);
            if (winner == null) {
                continue;
            }
            Site site = newSite(loader, className, method, parameters, installed, installed.runtime(winner.index()), pool);
            if (site == null) {
                continue;
            }
            sites.add(site);
            builder = builder.visit(adviceFor(site).on(ElementMatchers.is(method)));
            if (LOG.isDebugEnabled()) {
                LOG.debug("rule " + winner.rule().name() + ": instrumented " + site.qualifiedName() + " (" + site.kind() + ")");
            }
        }
        if (sites.isEmpty()) {
            return new Result(null, List.of());
        }
        return new Result(builder.make().getBytes(), sites);
    }

    private static RuleSelector winner(List<RuleSelector> selectors, MethodDescription method, List<String> parameters,
                                       String className) {
        RuleSelector winner = null;
        for (RuleSelector selector : selectors) {
            if (selector.selectsMethod(method.getName(), parameters, method.getModifiers(),
                    method.isBridge() || method.isSynthetic())) {
                if (winner == null) {
                    winner = selector;
                } else {
                    String key = className + "#" + method.getName() + parameters;
                    if (WARNED_OVERLAPS.add(key)) {
                        LOG.warn(className + "#" + method.getName() + "(" + String.join(",", parameters)
                                + ") is matched by rules '" + winner.rule().name() + "' and '" + selector.rule().name()
                                + "'; '" + winner.rule().name() + "' (first in the file) applies. Narrow one rule's match.");
                    }
                }
            }
        }
        return winner;
    }

    private static Site newSite(ClassLoader loader, String className, MethodDescription.InDefinedShape method,
                                List<String> parameters, InstalledPolicy installed, RuleRuntime runtime, TypePool pool) {
        String returnType = typeName(method.getReturnType().asErasure());
        boolean async = returnType.equals("java.util.concurrent.CompletionStage")
                || returnType.equals("java.util.concurrent.CompletableFuture");
        FallbackFactory.Result fallback = InstalledPolicy.fallbackFor(runtime.rule(), method, returnType, async, pool);
        if (fallback.problem() != null) {
            Position at = runtime.rule().fallback().position();
            LOG.error(installed.policy().source() + ":" + at.line() + ":" + at.column() + ": rule '" + runtime.name()
                    + "': fallback does not fit " + className
                    + "#" + method.getName() + "(" + String.join(",", parameters) + "): " + fallback.problem()
                    + ". The method is NOT instrumented; fix the fallback or exclude the method from the rule.");
            return null;
        }
        boolean needsArguments = fallback.fallback() != null && fallback.fallback().needsArguments();
        boolean checksStatus = runtime.hasFailureStatuses() && HttpResponses.isResponseType(returnType);
        Site.Kind kind = async ? Site.Kind.ASYNC
                : runtime.needsWorkerThread() || needsArguments || checksStatus ? Site.Kind.HANDOFF
                : Site.Kind.INLINE;
        boolean io = method.getExceptionTypes().asErasures().stream()
                .map(TypeDescription::getName)
                .anyMatch(name -> name.equals("java.io.IOException") || name.equals("java.lang.Exception")
                        || name.equals("java.lang.Throwable"));
        boolean returnsVoid = returnType.equals("void");
        Site site = Sites.register(id -> new Site(id, className, method.getName(), method.getDescriptor(),
                parameters.toArray(String[]::new), kind, io, returnsVoid, loader));
        site.bind(installed.bind(site, runtime.index(), fallback.fallback()));
        return site;
    }

    private static Advice adviceFor(Site site) {
        Class<?> adviceClass = switch (site.kind()) {
            case INLINE -> site.returnsVoid() ? InlineVoidAdvice.class : InlineAdvice.class;
            case HANDOFF, ASYNC -> site.returnsVoid() ? HandoffVoidAdvice.class : HandoffAdvice.class;
        };
        return Advice.withCustomMapping().bind(SiteId.class, site.id()).to(ADVICE.get(adviceClass), ADVICE_LOCATOR);
    }

    static List<String> parameterNames(MethodDescription method) {
        List<String> names = new ArrayList<>();
        for (TypeDescription parameter : method.getParameters().asTypeList().asErasures()) {
            names.add(typeName(parameter));
        }
        return names;
    }

    /** {@code java.lang.String}, {@code byte[]}, {@code int}: the way a policy writes types. */
    static String typeName(TypeDefinition type) {
        if (type.isArray()) {
            return typeName(type.getComponentType()) + "[]";
        }
        return type.asErasure().getName();
    }

    /** Counts of instrumented methods per rule name, for log summaries. */
    public static Map<String, Integer> countByRule(List<Site> sites) {
        Map<String, Integer> counts = new HashMap<>();
        for (Site site : sites) {
            Binding binding = site.binding();
            if (binding != null) {
                counts.merge(binding.rule().name(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
