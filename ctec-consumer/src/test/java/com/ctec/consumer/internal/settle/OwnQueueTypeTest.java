package com.ctec.consumer.internal.settle;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** Which type the engine's own queues take, and the arguments each type declares them with. */
class OwnQueueTypeTest {

    @Test
    void aClusterOrAQuorumSourceQueueMakesThemQuorumQueues() {
        // Two nodes too: a classic delay queue drops the retries whose delay ends while the queue's node is down.
        assertThat(OwnQueueType.choose("classic", OptionalInt.of(2))).isEqualTo(OwnQueueType.QUORUM);
        assertThat(OwnQueueType.choose("classic", OptionalInt.of(3))).isEqualTo(OwnQueueType.QUORUM);
        assertThat(OwnQueueType.choose(null, OptionalInt.of(5))).isEqualTo(OwnQueueType.QUORUM);
        assertThat(OwnQueueType.choose("quorum", OptionalInt.of(1))).isEqualTo(OwnQueueType.QUORUM);
        assertThat(OwnQueueType.choose("quorum", OptionalInt.empty())).isEqualTo(OwnQueueType.QUORUM);
    }

    @Test
    void oneNodeOrNothingKnownKeepsClassicQueues() {
        assertThat(OwnQueueType.choose("classic", OptionalInt.of(1))).isEqualTo(OwnQueueType.CLASSIC);
        assertThat(OwnQueueType.choose(null, OptionalInt.empty())).isEqualTo(OwnQueueType.CLASSIC);
        assertThat(OwnQueueType.choose("stream", OptionalInt.empty())).isEqualTo(OwnQueueType.CLASSIC);
    }

    @Test
    void aQuorumDelayQueueDeadLettersAtLeastOnceWhichNeedsRejectPublish() {
        Map<String, Object> delay = new RetryRoutes("q", java.time.Duration.ofMillis(200), 2, java.time.Duration.ofSeconds(1))
                .delayQueueArguments(200);

        assertThat(OwnQueueType.CLASSIC.arguments(delay)).isEqualTo(delay);
        assertThat(OwnQueueType.QUORUM.arguments(delay)).containsAllEntriesOf(delay)
                .containsEntry("x-queue-type", "quorum")
                .containsEntry("x-dead-letter-strategy", "at-least-once")
                .containsEntry("x-overflow", "reject-publish");
    }

    @Test
    void aQuorumDeadLetterQueueOnlyChangesItsType() {
        assertThat(OwnQueueType.CLASSIC.arguments(Map.of())).isEmpty();
        assertThat(OwnQueueType.QUORUM.arguments(Map.of())).isEqualTo(Map.of("x-queue-type", "quorum"));
    }
}
