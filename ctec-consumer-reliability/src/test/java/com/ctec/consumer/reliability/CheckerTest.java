package com.ctec.consumer.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker's arithmetic on given times: no broker, no clock. */
@Tag("fast")
class CheckerTest {

    @Test
    void aResumeIsTheTimeTheBrokerWasUpBeforeTheNextCall() {
        Timeline timeline = new Timeline();
        timeline.record(new Timeline.Outage("stop_app n1", 1_000, 2_000));
        Checker checker = new Checker(2);
        checker.startAt(0);
        checker.handled(0, 500);
        checker.handled(1, 2_300);

        assertThat(checker.figures(timeline).resumeMillis()).containsExactly(300L);
    }

    @Test
    void aFaultThatBeginsBeforeTheConsumerResumedFromThePreviousOneIsNotCountedTwice() {
        // Torture seed 506: n1 stopped again 2 s after it came back; the next call came 2.6 s after the second start.
        Timeline timeline = new Timeline();
        timeline.record(new Timeline.Outage("stop_app n1", 35_271, 44_015));
        timeline.record(new Timeline.Outage("stop_app n1", 46_080, 55_603));
        Checker checker = new Checker(2);
        checker.startAt(0);
        checker.handled(0, 30_000);
        checker.handled(1, 58_212);

        assertThat(checker.figures(timeline).resumeMillis()).containsExactly(58_212L - 44_015 - (55_603 - 46_080), 58_212L - 55_603);
    }

    @Test
    void noCallAfterAFaultIsNeverResumed() {
        Timeline timeline = new Timeline();
        timeline.record(new Timeline.Outage("stop_app n1", 1_000, 2_000));
        Checker checker = new Checker(1);
        checker.startAt(0);
        checker.handled(0, 500);

        assertThat(checker.figures(timeline).resumeMillis()).containsExactly(-1L);
    }
}
