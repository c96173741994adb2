package com.example.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SimulatedServicesTest {
    @Test
    void warmingUpLeavesNoTrace() throws Exception {
        try (SimulatedServices services = new SimulatedServices(new FaultPlan(42))) {
            services.warmUp();

            assertThat(services.firstRequestMs()).isZero();
            for (String s : SimulatedServices.SERVICES) {
                assertThat(services.requestTimes(s)).isEmpty();
                assertThat(services.served(s).values()).allMatch(n -> n == 0);
            }
        }
    }

    @Test
    void theFaultClockStartsAtTheRunsFirstRequestNotWhenTheRunIsPrepared() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (SimulatedServices services = new SimulatedServices(new FaultPlan(42))) {
            services.startRun();
            assertThat(services.firstRequestMs()).isZero();
            Thread.sleep(600); // a forked JVM starting up

            long before = System.currentTimeMillis();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(services.url("supabase") + "/rest/v1/t?select=*"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            http.send(HttpRequest.newBuilder(URI.create(services.url("storage") + "/storage/v1/object/b/p")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isIn(200, 429);
            assertThat(services.firstRequestMs()).as("shared by the services, set by the first request")
                    .isBetween(before, System.currentTimeMillis());
            assertThat(services.requestTimes("supabase")).hasSize(1);

            services.startRun();
            assertThat(services.firstRequestMs()).isZero();
            assertThat(services.requestTimes("supabase")).isEmpty();
            assertThat(services.served("supabase").values()).allMatch(n -> n == 0);
        }
    }
}
