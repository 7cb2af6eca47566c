package com.ctec.consumer.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SamplerTest {
    @Test
    void eachSampleAddsOnePointToEverySeriesWithPlausibleValues() {
        Sampler sampler = new Sampler(Duration.ofSeconds(1));
        long before = System.currentTimeMillis();

        long start = sampler.sample();
        sampler.sample();

        assertThat(start).isLessThanOrEqualTo(before);
        assertThat(sampler.cpu()).hasSize(2).allSatisfy(p -> assertThat(p.value()).isBetween(0.0, 100.0));
        assertThat(sampler.memory()).hasSize(2).allSatisfy(p -> assertThat(p.value()).isGreaterThan(0.0).isLessThan(100.0));
        assertThat(sampler.heapUsed()).hasSize(2).allSatisfy(p -> assertThat(p.value()).isPositive());
        assertThat(sampler.threadCounts()).hasSize(2).allSatisfy(p -> assertThat(p.value()).isPositive());
    }

    @Test
    void onLinuxMemoryIsTheResidentSetOfTheProcess() {
        if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
            return;
        }
        assertThat(Sampler.residentBytes()).isPresent();
        assertThat(Sampler.residentBytes().getAsLong()).isGreaterThan(Runtime.getRuntime().totalMemory() / 10);
    }
}
