package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.Broker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One scenario run: publish {@code messages} numbered messages, start the consumer, inject
 * {@code faults} faults evenly through the run (after 1/(f+1), 2/(f+1), ... of the messages are
 * handled), wait until every id was handled, stop, and judge the checker's figures:
 * zero lost, nothing left in the queue, duplicates within {@code faults × window}, and
 * consumption resumed within {@link #RESUME_LIMIT} of the broker being back.
 * A run that stops progressing is a finding: it fails with thread dumps and the consumer's log.
 */
final class FaultRun {
    static final Duration RESUME_LIMIT = Duration.ofSeconds(10);
    /** No progress for this long while the broker is up: the consumer is stuck. */
    static final Duration STUCK = Duration.ofSeconds(90);

    private final String scenario;
    private final String fault;
    private final Setup setup;
    private final int messages;
    private final int faults;
    private final Fault action;
    private Duration resumeLimit = RESUME_LIMIT;

    FaultRun(String scenario, String fault, Setup setup, int messages, int faults, Fault action) {
        this.scenario = scenario;
        this.fault = fault;
        this.setup = setup;
        this.messages = messages;
        this.faults = faults;
        this.action = action;
    }

    FaultRun resumeLimit(Duration limit) {
        this.resumeLimit = limit;
        return this;
    }

    /** Runs it with the consumer made by {@code subjects} (given the checker); returns the figures. */
    Checker.Figures run(Broker client, Function<Checker, Subject> subjects) {
        client.publishAll(setup.queue(), 0, messages, Ids::body);
        Checker checker = new Checker(messages);
        Timeline timeline = new Timeline();
        timeline.whenHit(checker::release);
        Subject subject = subjects.apply(checker);
        checker.start();
        subject.start();
        long leftInQueue;
        try {
            for (int i = 1; i <= faults; i++) {
                awaitProgress(checker, timeline, subject, (int) ((long) messages * i / (faults + 1)));
                checker.holdUntilTheFaultHits();
                try {
                    action.inject(timeline);
                } finally {
                    checker.release();   // a fault that stops nothing (a cut link) hits at once
                }
            }
            awaitProgress(checker, timeline, subject, messages);
            Fault.sleep(500);
        } finally {
            subject.close();
        }
        leftInQueue = client.messageCount(setup.queue());
        Checker.Figures figures = checker.figures(timeline);
        long bound = (long) Math.max(1, faults) * setup.window();
        boolean passed = figures.lost() == 0 && leftInQueue == 0 && figures.duplicated() <= bound
                && figures.maxResumeMillis() <= resumeLimit.toMillis();
        Results.record(scenario, fault, setup.describe(), faults, figures, bound, passed);
        System.out.println("timeline " + timeline.outages());
        assertThat(figures.lost()).as("lost; missing ids %s", checker.missing(20)).isZero();
        assertThat(figures.resumeMillis()).as("a fault outlasted the run (every message was handled before it was over): "
                + "use more messages or a shorter fault; timeline %s", timeline.outages()).doesNotContain(-1L);
        assertThat(leftInQueue).as("messages left in the queue after the consumer stopped").isZero();
        assertThat((long) figures.duplicated()).as("duplicates, at most %d faults × window %d", faults, setup.window()).isLessThanOrEqualTo(bound);
        assertThat(figures.maxResumeMillis()).as("ms from broker back to the next handled message, per fault: %s",
                figures.resumeMillis()).isLessThanOrEqualTo(resumeLimit.toMillis());
        return figures;
    }

    /** Waits until {@code target} distinct ids are handled; fails with diagnostics if nothing moves for {@link #STUCK}. */
    private void awaitProgress(Checker checker, Timeline timeline, Subject subject, int target) {
        int last = checker.unique();
        long lastMoved = System.currentTimeMillis();
        while (checker.unique() < target) {
            Fault.sleep(100);
            int now = checker.unique();
            long at = System.currentTimeMillis();
            if (now != last) {
                last = now;
                lastMoved = at;
            } else if (at - lastMoved > STUCK.toMillis()) {
                String evidence = subject.diagnostics();
                Path file = saveEvidence(evidence);
                Results.record(scenario, fault + " (STUCK)", setup.describe(), faults, checker.figures(timeline),
                        (long) faults * setup.window(), false);
                fail("No message handled for %d s with %d of %d handled (%s); timeline %s; evidence in %s:%n%s",
                        STUCK.toSeconds(), now, messages, fault, timeline.outages(), file, InJvmSubject.tail(evidence, 150));
            }
        }
    }

    private Path saveEvidence(String evidence) {
        try {
            Path file = Results.FILE.resolveSibling("stuck-" + scenario.replaceAll("\\W+", "_") + "-" + System.currentTimeMillis() + ".txt");
            Files.writeString(file, evidence, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            return Path.of("(not saved: " + e + ")");
        }
    }
}
