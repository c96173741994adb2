package dev.resilience.agent.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptHeaderTest {

    /** Audit: any mention of OpenMetrics got it, also one the scraper refused (q=0) or a version the endpoint does not write. */
    @Test
    void openMetricsIsServedOnlyWhenTheAcceptHeaderTakesVersionOne() {
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;version=1.0.0;q=0.5,"
                + "application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text; version=\"1.0.0\"")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text; q=0.0")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;version=2.0.0")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics(null)).isFalse();
    }

    /** Audit: q values were not compared, so a scraper that ranked OpenMetrics last still got it. */
    @Test
    void theFormatWithTheHigherQualityWins() {
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;q=1,application/openmetrics-text;q=0.1")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=0.1,text/plain;version=0.0.4;q=0.9")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;q=0.2,application/openmetrics-text;q=0.3")).isTrue();
        // what Prometheus 2.x and 3.x send by default
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;version=1.0.0;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2")).isTrue();
    }

    @Test
    void wildcardsGiveTheQualityOfTheFormatsNoRangeNames() {
        assertThat(AcceptHeader.prefersOpenMetrics("*/*")).isFalse();           // curl: a tie goes to the text format
        assertThat(AcceptHeader.prefersOpenMetrics("application/*")).isTrue();  // only OpenMetrics is covered
        assertThat(AcceptHeader.prefersOpenMetrics("text/*;q=0.5,application/*")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=0.5,*/*")).isFalse();
        // the named range counts, not the wildcard that also covers the format
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=0,*/*;q=1,text/plain;q=0.1")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;q=0.1,*/*")).isTrue();
    }

    @Test
    void aTieGoesToOpenMetricsWhenARangeNamesIt() {
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text,text/plain")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;q=0.5,application/openmetrics-text;q=0.5")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text,*/*")).isTrue(); // review
        assertThat(AcceptHeader.prefersOpenMetrics("text/*,application/*")).isFalse();
    }

    /** Review: a range with the format's version is more specific than the bare type, and a text version the endpoint does not write covers nothing. */
    @Test
    void aRangeWithTheVersionIsMoreSpecificThanTheBareType() {
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;version=1.0.0;q=0.1,"
                + "application/openmetrics-text;q=0.9,text/plain;q=0.5")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;version=0.0.4;q=0.1,text/plain;q=0.9,"
                + "application/openmetrics-text;q=0.5")).isTrue();
        // Prometheus 3 with scrape_protocols: [PrometheusText1.0.0, OpenMetricsText1.0.0, PrometheusText0.0.4]
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
                + "text/plain;version=0.0.4;q=0.4,*/*;q=0.3")).isTrue();
        assertThat(AcceptHeader.prefersOpenMetrics("text/plain;version=2.0.0,application/openmetrics-text;q=0.2")).isTrue();
    }

    /** Review: a comma or semicolon inside a quoted parameter value split the range. */
    @Test
    void separatorsInsideQuotedValuesDoNotSplitARange() {
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;foo=\"a,b\";q=0.1,text/plain;q=0.5")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;foo=\"a;q=1\";q=0.1,text/plain;q=0.5")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;foo=\"a\\\",q=1\";q=0.1,text/plain;q=0.5")).isFalse();
    }

    /** Audit: a malformed q value selected OpenMetrics. */
    @Test
    void aRangeWithAMalformedQualityCoversNothing() {
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=high")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=2")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=-1,text/plain;q=0.1")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=,text/plain;q=0.1")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("APPLICATION/OpenMetrics-Text;Q=0.9,text/plain;q=0.1")).isTrue();
        // q given twice (review: the last one counted, so the order decided)
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=abc;q=0.5,text/plain;q=0.1")).isFalse();
        assertThat(AcceptHeader.prefersOpenMetrics("application/openmetrics-text;q=0.5;q=abc,text/plain;q=0.1")).isFalse();
    }

    @Test
    void readsQualityValuesAsHttpDefinesThem() {
        assertThat(AcceptHeader.qValue("0")).isEqualTo(0.0);
        assertThat(AcceptHeader.qValue("0.")).isEqualTo(0.0);
        assertThat(AcceptHeader.qValue("0.125")).isEqualTo(0.125);
        assertThat(AcceptHeader.qValue("1")).isEqualTo(1.0);
        assertThat(AcceptHeader.qValue("1.000")).isEqualTo(1.0);
        assertThat(AcceptHeader.qValue("1.001")).isEqualTo(-1.0);
        assertThat(AcceptHeader.qValue("0.1234")).isEqualTo(-1.0);
        assertThat(AcceptHeader.qValue("0,5")).isEqualTo(-1.0);
        assertThat(AcceptHeader.qValue(".5")).isEqualTo(-1.0);
        assertThat(AcceptHeader.qValue("")).isEqualTo(-1.0);
    }
}
