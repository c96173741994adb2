package dev.resilience.agent.instrument;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SiteIdMappingTest {
    /** One advice object for every test, as the instrumenter shares one per advice class. */
    private static final Advice RETURNS_SITE_ID =
            Advice.withCustomMapping().bind(SiteIdMapping.INSTANCE).to(ReturnSiteId.class);

    public static class TwoMethods {
        public int first() {
            return -1;
        }

        public int second() {
            return -1;
        }
    }

    /** Replaces the return value with the site id the advice was given. */
    public static class ReturnSiteId {
        @Advice.OnMethodExit
        public static void exit(@SiteId int site, @Advice.Return(readOnly = false) int returned) {
            returned = site;
        }
    }

    public static class WrongType {
        @Advice.OnMethodEnter
        public static void enter(@SiteId long site) {
        }
    }

    private static DynamicType.Builder<?> rewrite() {
        return new ByteBuddy().redefine(TwoMethods.class).name(TwoMethods.class.getName() + "$Rewritten")
                .visit(RETURNS_SITE_ID.on(named("first").or(named("second"))));
    }

    private static int call(Class<?> type, String method) throws Exception {
        return (int) type.getMethod(method).invoke(type.getConstructor().newInstance());
    }

    private static Class<?> load(DynamicType.Unloaded<?> made) {
        return made.load(SiteIdMappingTest.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
    }

    @Test
    void eachMethodOfAClassGetsItsOwnId() throws Exception {
        DynamicType.Unloaded<?> made;
        try (SiteIdMapping.Scope ignored = SiteIdMapping.open(Map.of(
                SiteIdMapping.key("first", "()I"), 7, SiteIdMapping.key("second", "()I"), 42))) {
            made = rewrite().make();
        }
        Class<?> rewritten = load(made);

        assertThat(call(rewritten, "first")).isEqualTo(7);
        assertThat(call(rewritten, "second")).isEqualTo(42);
    }

    @Test
    void aClassRewrittenWhileAnotherIsOpenGetsItsOwnIdsAndTheOuterTableComesBack() throws Exception {
        DynamicType.Unloaded<?> inner;
        DynamicType.Unloaded<?> outer;
        try (SiteIdMapping.Scope ignored = SiteIdMapping.open(Map.of(
                SiteIdMapping.key("first", "()I"), 1, SiteIdMapping.key("second", "()I"), 2))) {
            try (SiteIdMapping.Scope nested = SiteIdMapping.open(Map.of(
                    SiteIdMapping.key("first", "()I"), 3, SiteIdMapping.key("second", "()I"), 4))) {
                inner = rewrite().make();
            }
            outer = rewrite().make();
        }

        assertThat(call(load(inner), "second")).isEqualTo(4);
        assertThat(call(load(outer), "second")).isEqualTo(2);
    }

    @Test
    void threadsRewritingAtTheSameTimeEachReadTheirOwnTable() throws Exception {
        CountDownLatch bothOpen = new CountDownLatch(2);
        CompletableFuture<DynamicType.Unloaded<?>> one = CompletableFuture.supplyAsync(() -> rewriteWhenBothOpen(10, bothOpen));
        CompletableFuture<DynamicType.Unloaded<?>> two = CompletableFuture.supplyAsync(() -> rewriteWhenBothOpen(20, bothOpen));

        assertThat(call(load(one.get(30, TimeUnit.SECONDS)), "first")).isEqualTo(10);
        assertThat(call(load(two.get(30, TimeUnit.SECONDS)), "first")).isEqualTo(20);
    }

    private static DynamicType.Unloaded<?> rewriteWhenBothOpen(int id, CountDownLatch bothOpen) {
        try (SiteIdMapping.Scope ignored = SiteIdMapping.open(Map.of(
                SiteIdMapping.key("first", "()I"), id, SiteIdMapping.key("second", "()I"), id + 1))) {
            bothOpen.countDown();
            if (!bothOpen.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other thread never opened its table");
            }
            return rewrite().make();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMethodWithoutAnIdFailsTheRewritingInsteadOfGettingSomeoneElsesId() {
        try (SiteIdMapping.Scope ignored = SiteIdMapping.open(Map.of(SiteIdMapping.key("first", "()I"), 1))) {
            assertThatThrownBy(() -> rewrite().make()).hasMessageContaining("no site id for").hasMessageContaining("second()I");
        }
        assertThatThrownBy(() -> rewrite().make()).hasMessageContaining("no site id for");
    }

    @Test
    void onlyAnIntParameterCanTakeTheId() {
        assertThatThrownBy(() -> Advice.withCustomMapping().bind(SiteIdMapping.INSTANCE).to(WrongType.class))
                .hasMessageContaining("@SiteId must annotate an int parameter");
    }
}
