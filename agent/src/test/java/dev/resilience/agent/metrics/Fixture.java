package dev.resilience.agent.metrics;

import dev.resilience.agent.core.FakeClock;
import dev.resilience.agent.core.FakeSleeper;
import dev.resilience.agent.core.RuleRuntime;
import dev.resilience.agent.instrument.Binding;
import dev.resilience.agent.instrument.InstalledPolicy;
import dev.resilience.agent.instrument.Site;
import dev.resilience.agent.policy.LoadResult;
import dev.resilience.agent.policy.PolicyLoader;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A policy in force and hand-made sites of its rules, outside the agent's global site registry. */
final class Fixture {
    final FakeClock clock = new FakeClock();
    final TransitionCounter transitions = new TransitionCounter();
    final List<String> log = new ArrayList<>();
    InstalledPolicy installed;
    private final List<Site> sites = new ArrayList<>();

    /** @param rules the {@code rules:} entries, indented by two spaces */
    Fixture(String rules) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n" + rules, "t.yaml");
        assertThat(result.errors()).isEmpty();
        installed = new InstalledPolicy(result.policy(), clock, new FakeSleeper(clock), log::add, transitions);
    }

    /** A reload: the policy with these rules replaces the one in force (sites keep their bindings until rebound). */
    void reload(String rules) {
        LoadResult result = PolicyLoader.parse("version: 1\nrules:\n" + rules, "t.yaml");
        assertThat(result.errors()).isEmpty();
        installed = installed.next(result.policy());
    }

    /** Binds a site to the runtime its rule has in the policy in force, as a reload's rebinding does. */
    void rebind(Site site, String rule) {
        RuleRuntime runtime = runtime(rule);
        site.bind(new Binding(runtime, runtime.breakerFor(site.qualifiedName()), null, null));
    }

    RuleRuntime runtime(String rule) {
        return installed.runtimes().stream().filter(r -> r.name().equals(rule)).findFirst().orElseThrow();
    }

    /** A site of {@code className#method(String)} bound to {@code rule}. */
    synchronized Site site(String rule, String className, String method) {
        RuleRuntime runtime = runtime(rule);
        Site site = new Site(sites.size(), className, method, "(Ljava/lang/String;)Ljava/lang/String;",
                new String[] {"java.lang.String"}, Site.Kind.INLINE, true, false, false, null);
        site.bind(new Binding(runtime, runtime.breakerFor(site.qualifiedName()), null, null));
        sites.add(site);
        return site;
    }

    synchronized List<Site> sites() {
        return List.copyOf(sites);
    }

    Inventory inventory() {
        return new Inventory(this::sites, transitions);
    }

    Publisher publisher() {
        return new Publisher(this::sites, () -> installed, transitions);
    }
}
