package com.ctec.consumer.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker's arithmetic on given times: no broker, no clock. */
@Tag("fast")
class CheckerTest {

    @Test
    void aResumeIsTheTimeTheBrokerWasUpBeforeTheNextCall() {
        List<Long> resumes = resumes(List.of(new Timeline.Outage("stop_app n1", 1_000, 2_000)), 500, 2_300);

        assertThat(resumes).containsExactly(300L);
    }

    @Test
    void aFaultThatBeginsBeforeTheConsumerResumedFromThePreviousOneIsNotCountedTwice() {
        // Torture seed 506: n1 stopped again 2 s after it came back; the next call came 2.6 s after the second start.
        List<Long> resumes = resumes(List.of(new Timeline.Outage("stop_app n1", 35_271, 44_015),
                new Timeline.Outage("stop_app n1", 46_080, 55_603)), 30_000, 58_212);

        assertThat(resumes).containsExactly(58_212L - 44_015 - (55_603 - 46_080), 58_212L - 55_603);
    }

    @Test
    void noCallAfterAFaultIsNeverResumed() {
        assertThat(resumes(List.of(new Timeline.Outage("stop_app n1", 1_000, 2_000)), 500)).containsExactly(-1L);
    }

    /** The resume of each outage when message {@code i} was handled at {@code calls[i]}. */
    private static List<Long> resumes(List<Timeline.Outage> outages, long... calls) {
        Timeline timeline = new Timeline();
        outages.forEach(timeline::record);
        Checker checker = new Checker(calls.length);
        checker.startAt(0);
        for (int id = 0; id < calls.length; id++) {
            checker.handled(id, calls[id]);
        }
        return checker.figures(timeline).resumeMillis();
    }
}
