package dev.resilience.agent.instrument;

import dev.resilience.agent.core.NanoClock;
import dev.resilience.agent.core.Sleeper;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Test fixture: an inline site of a made-up method bound to the first rule of a policy text, as the transformer would bind it. */
final class InlineSites {
    private InlineSites() {
    }

    /**
     * @param className           the class the site's method {@code call()} belongs to (returns a String)
     * @param declaresIOException whether {@code call()} declares IOException (the agent's failures are then IOExceptions)
     * @param policyText          a whole policy; its first rule is bound
     */
    static Site bound(String className, boolean declaresIOException, String policyText, NanoClock clock, Sleeper sleeper) {
        LoadResult loaded = PolicyLoader.parse(policyText, "test.yaml");
        assertThat(loaded.errors()).isEmpty();
        InstalledPolicy policy = new InstalledPolicy(loaded.policy(), clock, sleeper, line -> { }, (l, f, t) -> { });
        Site site = Sites.register(id -> new Site(id, className, "call", "()Ljava/lang/String;", new String[0],
                Site.Kind.INLINE, declaresIOException, false, false, InlineSites.class.getClassLoader()));
        site.bind(policy.bind(site, policy.runtime(0), null));
        return site;
    }
}
