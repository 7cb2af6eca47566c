package com.ctec.consumer.agent;

import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SamplerTest {
    private static final long MINUTE = 60_000;
    /** A minute start: 2026-01-01T00:00:00Z. */
    private static final long T0 = 1_767_225_600_000L;

    @Test
    void samplesWithinAMinuteMakeOnePointAtTheMinuteStartAndTheNextMinuteAnother() {
        Sampler sampler = new Sampler(Duration.ofSeconds(1), T0 + 5_000);

        sampler.record(T0 + 20_000);
        sampler.record(T0 + 40_000);
        sampler.record(T0 + MINUTE + 100);
        sampler.record(T0 + MINUTE + 30_000);

        for (MinuteSeries series : List.of(sampler.cpu(), sampler.memory(), sampler.heapUsed(), sampler.threadCounts())) {
            assertThat(series.points(0, Long.MAX_VALUE)).extracting(Point::at).containsExactly(T0, T0 + MINUTE);
        }
        assertThat(sampler.cpu().points(0, Long.MAX_VALUE)).allSatisfy(p -> assertThat(p.value()).isBetween(0.0, 100.0));
        assertThat(sampler.memory().points(0, Long.MAX_VALUE))
                .allSatisfy(p -> assertThat(p.value()).isGreaterThan(0.0).isLessThan(100.0));
        assertThat(sampler.heapUsed().points(0, Long.MAX_VALUE)).allSatisfy(p -> assertThat(p.value()).isPositive());
    }

    @Test
    void cpuOfABusyMinuteIsAboveZeroAndAtMostTheWholeMachine() {
        // The sampler's wall clock is given (0.3 s inside one minute), so no minute can begin during the spin.
        Sampler sampler = new Sampler(Duration.ofSeconds(1), T0 + 1_000);
        long until = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < until) {
            spin++; // Busy for 0.3 s: one processor fully used.
        }
        sampler.record(T0 + 1_300);

        double cpu = sampler.cpu().newest(-1);
        assertThat(spin).isPositive();
        // How much of a processor the spin got depends on the machine's load: only that it shows, and is a percentage.
        assertThat(cpu).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
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
