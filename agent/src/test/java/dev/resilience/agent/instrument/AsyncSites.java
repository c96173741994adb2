package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Test fixture: an asynchronous site of {@code type}'s {@code CompletableFuture fetch()}, bound to the one rule given, as the transformer would bind it. */
final class AsyncSites {
    private AsyncSites() {
    }

    /** @param rule one rule of a policy's {@code rules} list, indented as a list entry */
    static Site bound(String rule, Class<?> type) {
        return bound(rule, type, NanoClock.SYSTEM);
    }

    /** As {@link #bound(String, Class)}, the rule reading time from {@code clock}. */
    static Site bound(String rule, Class<?> type, NanoClock clock) {
        LoadResult loaded = PolicyLoader.parse("version: 1\nrules:\n" + rule, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, Sleeper.SYSTEM, l -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, type.getName(), "fetch", "()Ljava/util/concurrent/CompletableFuture;",
                new String[0], Site.Kind.ASYNC, false, false, false, type.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        return site;
    }
}
