package com.ctec.consumer.agent.registry;

import com.ctec.consumer.ConsumerStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryEntryTest {
    private static final String API_EXAMPLE = """
            {"appName":"journal","appDesc":"saves logins","deployPath":"/opt/app","hostIp":"10.0.0.5","pid":1234,
             "version":"1.0.0","startedAt":1764000000000,"updatedAt":1764000060000,"state":"RUNNING",
             "threadCount":23,
             "queues":[{"queue":"q","vhost":"/","broker":"h1:5672","prefetch":30,"threads":5,"mode":"THREADS"}],
             "cpu":[[1764000000000,12.5]], "memory":[[1764000000000,3.1]], "consumed":[[1764000000000,1800]]}
            """;

    @Test
    void theDocumentOfTheApiPageParsesIntoEveryField() {
        RegistryEntry entry = RegistryEntry.parse(API_EXAMPLE);

        assertThat(entry.appName()).isEqualTo("journal");
        assertThat(entry.appDesc()).isEqualTo("saves logins");
        assertThat(entry.deployPath()).isEqualTo("/opt/app");
        assertThat(entry.instanceId()).isEqualTo("10.0.0.5:1234");
        assertThat(entry.version()).isEqualTo("1.0.0");
        assertThat(entry.startedAt()).isEqualTo(1764000000000L);
        assertThat(entry.updatedAt()).isEqualTo(1764000060000L);
        assertThat(entry.state()).isEqualTo("RUNNING");
        assertThat(entry.threadCount()).isEqualTo(23);
        assertThat(entry.queues()).singleElement().satisfies(q -> {
            assertThat(q.queue()).isEqualTo("q");
            assertThat(q.vhost()).isEqualTo("/");
            assertThat(q.broker()).isEqualTo("h1:5672");
            assertThat(q.prefetch()).isEqualTo(30);
            assertThat(q.threads()).isEqualTo(5);
            assertThat(q.mode()).isEqualTo("THREADS");
        });
        assertThat(entry.cpu()).containsExactly(new RegistryEntry.Point(1764000000000L, 12.5));
        assertThat(entry.memory()).containsExactly(new RegistryEntry.Point(1764000000000L, 3.1));
        assertThat(entry.consumed()).containsExactly(new RegistryEntry.Point(1764000000000L, 1800));
    }

    @Test
    void fieldsAnOlderAgentDidNotWriteReadAsEmpty() {
        RegistryEntry entry = RegistryEntry.parse(API_EXAMPLE);

        assertThat(entry.heapUsed()).isEmpty();
        assertThat(entry.threadCounts()).isEmpty();
        assertThat(entry.intervalMs()).isZero();
        assertThat(entry.queues().get(0).stats()).isEqualTo(new ConsumerStats(0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void anEntryWrittenAsJsonParsesBackEqual() {
        RegistryEntry entry = new RegistryEntry("app", "desc \"quoted\" <b>", "/srv", "10.1.2.3", 42, "dev", 1, 2,
                "RECOVERING", 7, 60_000,
                List.of(new RegistryEntry.Queue("orders", "shop", "10.1.2.4:5672", 30, 5, "VIRTUAL_THREADS", "RECOVERING",
                        new ConsumerStats(9, 8, 7, 6, 5, 4, 3, 2, 1))),
                List.of(new RegistryEntry.Point(1000, 12.5)), List.of(new RegistryEntry.Point(1000, 3.0)),
                List.of(new RegistryEntry.Point(1000, 1800)), List.of(new RegistryEntry.Point(1000, 123456789)),
                List.of(new RegistryEntry.Point(1000, 23)));

        assertThat(RegistryEntry.parse(entry.toJson())).isEqualTo(entry);
        assertThat(entry.toJson()).contains("\"consumed\":[[1000,1800]]").contains("\"cpu\":[[1000,12.5]]");
    }

    @Test
    void theFailureAndBacklogFieldsWrittenAsJsonParseBackEqual() {
        RegistryEntry.Point point = new RegistryEntry.Point(1764000000000L, 2);
        RegistryEntry entry = new RegistryEntry("app", "", "/srv", "10.1.2.3", 42, "dev", 1, 2, "RUNNING", 7, 60_000,
                List.of(new RegistryEntry.Queue("orders", "/", "h:5672", 30, 5, "THREADS", "RUNNING",
                        new ConsumerStats(9, 8, 7, 6, 5, 4, 3, 2, 1), 120,
                        new RegistryEntry.Failure(1764000042000L, "java.sql.SQLException: timeout"))),
                List.of(point), List.of(point), List.of(point), List.of(point), List.of(point),
                List.of(new RegistryEntry.Point(1764000000000L, 3)), List.of(new RegistryEntry.Point(1764000000000L, 1)),
                List.of(new RegistryEntry.Point(1764000000000L, 120)));

        assertThat(RegistryEntry.parse(entry.toJson())).isEqualTo(entry);
        assertThat(entry.toJson()).contains("\"backlog\":120,\"lastFailure\":{\"at\":1764000042000,"
                        + "\"error\":\"java.sql.SQLException: timeout\"}")
                .contains("\"failed\":[[1764000000000,3]]", "\"deadLettered\":[[1764000000000,1]]",
                        "\"backlog\":[[1764000000000,120]]");
    }

    @Test
    void aQueueWithoutBacklogOrFailureWritesNeitherAndReadsThemAsUnknownAndNone() {
        RegistryEntry entry = RegistryEntry.parse(API_EXAMPLE);

        assertThat(entry.queues().get(0).backlog()).isEqualTo(-1);
        assertThat(entry.queues().get(0).lastFailure()).isNull();
        assertThat(entry.failed()).isEmpty();
        assertThat(entry.toJson()).doesNotContain("lastFailure").contains("\"backlog\":[]");
    }

    @Test
    void aFailureIsKeptOnOneLineWithoutControlCharactersAndCutToItsLimit() {
        String nasty = "java.lang.Exception: a\nb\r\tc\u001b[2Jd\u2028e\u202ef\u0000g";

        assertThat(new RegistryEntry.Failure(1, nasty).error()).isEqualTo("java.lang.Exception: a b  c [2Jd e f g");
        String cut = new RegistryEntry.Failure(1, "x".repeat(10_000)).error();
        assertThat(cut).hasSize(RegistryEntry.Failure.MAX_ERROR_LENGTH).endsWith("...");
        String emoji = "\uD83D\uDE00".repeat(400);
        assertThat(new RegistryEntry.Failure(1, emoji).error()).doesNotContain("\uD83D.").satisfies(e ->
                assertThat(Character.isHighSurrogate(e.charAt(e.length() - 4))).isFalse());
        assertThat(new RegistryEntry.Failure(1, null).error()).isEmpty();
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefusedWithWhatItWas() {
        assertThatThrownBy(() -> RegistryEntry.parse("[1,2]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON object").hasMessageContaining("[1,2]");
        assertThatThrownBy(() -> RegistryEntry.parse("{\"appName\":"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
