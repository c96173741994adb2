package dev.resilience.agent.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureChainTest {
    private final FailureChain chain = new FailureChain();

    @Test
    void theLastFailureCarriesTheEarlierOnesAsSuppressedInOrder() {
        IOException first = new IOException("1");
        IOException second = new IOException("2");
        IOException third = new IOException("3");

        chain.record(first, 3);
        chain.record(second, 3);
        chain.record(third, 3);
        chain.attachEarlierToLast();

        assertThat(chain.last()).isSameAs(third);
        assertThat(third.getSuppressed()).containsExactly(first, second);
    }

    /** An exception with value semantics: equal when its code is, and its equals is not null-safe. */
    static final class CodedException extends IOException {
        final String code;

        CodedException(String code, String message) {
            super(message);
            this.code = code;
        }

        @Override
        public boolean equals(Object other) {
            return code.equals(((CodedException) other).code);
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Audit: attempts equal by the application's equals were attached once, and an equals that threw ended the call as an agent error. */
    @Test
    void failuresAreToldApartByIdentityNeverByTheApplicationsEquals() {
        CodedException first = new CodedException(null, "1");
        CodedException second = new CodedException("503", "2");
        CodedException third = new CodedException("503", "3");
        CodedException last = new CodedException("503", "4");

        chain.record(first, 4);
        chain.record(second, 4);
        chain.record(third, 4);
        chain.record(last, 4);
        chain.attachEarlierToLast();

        assertThat(last.getSuppressed()).extracting(Throwable::getMessage).containsExactly("1", "2", "3");
    }

    /** Review: the same instance thrown by several attempts of one call was attached once per attempt. */
    @Test
    void anInstanceThrownByEveryAttemptIsAttachedOnce() {
        IOException shared = new IOException("shared");
        IOException last = new IOException("last");

        chain.record(shared, 4);
        chain.record(shared, 4);
        chain.record(shared, 4);
        chain.record(last, 4);
        chain.attachEarlierToLast();

        assertThat(last.getSuppressed()).containsExactly(shared);
    }

    /** Audit: two pre-allocated exceptions, thrown in turn, gained 500 suppressed each over 1,000 calls. */
    @Test
    void sharedInstancesThrownAgainAndAgainStayBounded() {
        IOException a = new IOException("shared a");
        IOException b = new IOException("shared b");
        for (int call = 0; call < 1_000; call++) {
            chain.clear();
            chain.record(call % 2 == 0 ? a : b, 3);
            chain.record(call % 2 == 0 ? b : a, 3);
            chain.record(new IOException("fresh " + call), 3);
            chain.record(call % 2 == 0 ? a : b, 3);
            chain.attachEarlierToLast();
        }

        assertThat(a.getSuppressed().length).isLessThanOrEqualTo(FailureChain.MAX_SUPPRESSED);
        assertThat(b.getSuppressed().length).isLessThanOrEqualTo(FailureChain.MAX_SUPPRESSED);
        assertThat(a.getSuppressed()).doesNotHaveDuplicates().doesNotContain(a);
    }

    /** Mutation testing: the bound was only ever reached one failure at a time. */
    @Test
    void aSharedInstanceNearTheBoundTakesOnlyWhatRoomIsLeft() {
        IOException shared = new IOException("shared, thrown by every call's last attempt");
        for (int i = 0; i < FailureChain.MAX_SUPPRESSED - 1; i++) {
            shared.addSuppressed(new IOException("an earlier call's " + i));
        }
        IOException first = new IOException("first");
        chain.record(first, 4);
        chain.record(new IOException("second"), 4);
        chain.record(new IOException("third"), 4);
        chain.record(shared, 4);
        chain.attachEarlierToLast();

        assertThat(shared.getSuppressed()).hasSize(FailureChain.MAX_SUPPRESSED);
        assertThat(shared.getSuppressed()[FailureChain.MAX_SUPPRESSED - 1]).isSameAs(first);
    }
}
