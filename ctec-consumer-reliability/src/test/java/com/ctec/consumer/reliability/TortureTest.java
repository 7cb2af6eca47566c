package com.ctec.consumer.reliability;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The torture test (docs/reliability.md, "Torture test"): seeded random workers and random harm
 * against the real broker, judged from the broker's queues by {@link TortureModel}.
 *
 * <p>{@code fast}: fixed seeds, one per consumer mode, about two minutes in all, with the choices
 * and harms the core survives today. {@code torture}: {@code scripts/torture --minutes N --seed S}
 * runs seeds from S on for N minutes with every choice and harm.
 */
class TortureTest {
    /** Choices whose handling in the core is correct today: the fast seeds draw only these. */
    static final Set<Choice> CI_CHOICES = EnumSet.of(Choice.SUCCESS, Choice.SLOW, Choice.FORWARD_GOOD, Choice.REDELIVER, Choice.THROW,
            Choice.NULL, Choice.REJECT, Choice.FORWARD_MISSING_QUEUE, Choice.FORWARD_FULL_QUEUE);
    /** Harms the core survives today, for the fast seeds. */
    static final Set<Harm> CI_HARMS = EnumSet.of(Harm.CLOSE_CONNECTIONS, Harm.STOP_START_APP, Harm.RESTART_CONSUMER, Harm.POLICY);

    /** How long each fast seed harms: four seeds take about two and a half minutes in all on a busy 2-CPU machine. */
    static final Duration HARM_FOR = Duration.ofSeconds(12);

    @TempDir
    Path dir;

    @BeforeAll
    static void nodes() {
        Nodes.ensureUp();
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @CsvSource({"1, THREADS", "2, VIRTUAL_THREADS", "3, BATCH", "4, PROCESSES"})
    @Tag("fast")
    void aSeededRunLosesNothingAndResumes(long seed, Mode mode) {
        new TortureRun(TortureRun.Config.of(seed, mode, HARM_FOR, CI_CHOICES, CI_HARMS), dir).run();
    }

    /**
     * {@code -Dtorture.seed=S -Dtorture.minutes=N} (scripts/torture): runs seed S, S+1, ... with
     * every choice and harm (a cluster node too) until N minutes are used, each run harming for
     * {@code torture.harmSeconds} (default 60). Stops at the first failing seed.
     */
    @Test
    @Tag("torture")
    void seedsForMinutes() {
        long seed = Long.getLong("torture.seed", System.currentTimeMillis() % 100_000);
        double minutes = Double.parseDouble(System.getProperty("torture.minutes", "5"));
        Duration harmFor = Duration.ofSeconds(Long.getLong("torture.harmSeconds", 60));
        Set<Choice> choices = Choices.parse(System.getProperty("torture.choices", new Choices(0, EnumSet.allOf(Choice.class)).arg()));
        Set<Harm> harms = EnumSet.allOf(Harm.class);
        if (!Boolean.parseBoolean(System.getProperty("torture.cluster", "true"))) {
            harms.remove(Harm.STOP_START_NODE);
        }
        long end = System.currentTimeMillis() + (long) (minutes * 60_000);
        do {
            System.out.println("torture: seed " + seed + " (reproduce: scripts/torture --seed " + seed + " --minutes 0)");
            new TortureRun(TortureRun.Config.of(seed, null, harmFor, choices, harms), dir.resolve("seed-" + seed)).run();
            seed++;
        } while (System.currentTimeMillis() < end);
    }
}
