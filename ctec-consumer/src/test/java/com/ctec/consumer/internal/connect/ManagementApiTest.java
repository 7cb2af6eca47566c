package com.ctec.consumer.internal.connect;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.DeadLetterRoute;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the management lookup sends the AMQP credentials (HTTP Basic): only to a host the user
 * named, over TLS when the AMQP URL is amqps, never along a redirect. Each test listens with a
 * local socket that records every byte it receives.
 */
class ManagementApiTest {
    private static final String BASIC = Base64.getEncoder().encodeToString("u:S3cret".getBytes(StandardCharsets.UTF_8));
    private static final String ROUTE_JSON = "{\"arguments\":{\"x-dead-letter-exchange\":\"dlx\"}}";

    @Test
    void anAmqpsUrlNeverSendsTheCredentialsInClear() throws Exception {
        try (CapturingListener eavesdropper = CapturingListener.silent("127.0.0.1")) {
            ManagementApi api = ManagementApi.of(AmqpUrl.parse("amqps://u:S3cret@127.0.0.1/"), null, eavesdropper.port());

            assertThatThrownBy(() -> api.deadLetterRoute(InetAddress.getByName("127.0.0.1"), "q")).isInstanceOf(IOException.class);

            assertThat(eavesdropper.connections()).isNotEmpty();
            assertThat(eavesdropper.connections().getFirst()[0]).as("a TLS handshake record").isEqualTo((byte) 0x16);
            assertThat(eavesdropper.receivedText()).doesNotContain("Authorization").doesNotContain(BASIC).doesNotContain("S3cret");
        }
    }

    @Test
    void aRedirectDoesNotCarryTheCredentialsToTheOtherHost() throws Exception {
        try (CapturingListener elsewhere = CapturingListener.silent("127.0.0.1");
             CapturingListener broker = CapturingListener.answering("127.0.0.1", "HTTP/1.1 307 Temporary Redirect\r\n"
                     + "Location: http://localhost:" + elsewhere.port() + "/api/queues/%2F/q\r\nContent-Length: 0\r\n\r\n")) {
            ManagementApi api = ManagementApi.of(AmqpUrl.parse("amqp://u:S3cret@127.0.0.1/"), null, broker.port());

            assertThatThrownBy(() -> api.deadLetterRoute(InetAddress.getByName("127.0.0.1"), "q"))
                    .isInstanceOf(IOException.class).hasMessageContaining("HTTP 307");

            assertThat(broker.receivedText()).contains("Authorization: Basic " + BASIC);
            assertThat(elsewhere.connections()).isEmpty();
        }
    }

    @Test
    void aConnectedAddressThatNoHostOfTheUrlNamesIsNeverAsked() throws Exception {
        try (CapturingListener stranger = CapturingListener.answering("127.0.0.2", ok(ROUTE_JSON))) {
            ManagementApi api = ManagementApi.of(AmqpUrl.parse("amqp://u:S3cret@127.0.0.1/"), null, stranger.port());

            assertThatThrownBy(() -> api.deadLetterRoute(InetAddress.getByName("127.0.0.2"), "q"))
                    .isInstanceOf(IOException.class).hasMessageContaining("none of the hosts of the AMQP URL");

            assertThat(stranger.connections()).isEmpty();
        }
    }

    @Test
    void theDefaultIsTheBrokerHostByTheNameTheUrlGivesIt() throws Exception {
        try (CapturingListener broker = CapturingListener.answering("127.0.0.1", ok(ROUTE_JSON))) {
            ManagementApi api = ManagementApi.of(AmqpUrl.parse("amqp://u:S3cret@localhost/"), null, broker.port());

            DeadLetterRoute route = api.deadLetterRoute(InetAddress.getByName("127.0.0.1"), "q").orElseThrow();

            assertThat(route.exchange()).isEqualTo("dlx");
            assertThat(broker.receivedText()).contains("GET /api/queues/%2F/q ", "Host: localhost:" + broker.port());
        }
    }

    @Test
    void aManagementUrlIsAskedInsteadWithItsPathPrefix() throws Exception {
        try (CapturingListener admin = CapturingListener.answering("127.0.0.2", ok(ROUTE_JSON))) {
            AmqpUrl amqp = AmqpUrl.parse("amqp://u:S3cret@127.0.0.1/journal");
            URI managementUrl = ManagementApi.checkedUrl("http://127.0.0.2:" + admin.port() + "/rabbit/", amqp);

            DeadLetterRoute route = ManagementApi.of(amqp, managementUrl, 15672)
                    .deadLetterRoute(InetAddress.getByName("127.0.0.1"), "q").orElseThrow();

            assertThat(route.exchange()).isEqualTo("dlx");
            assertThat(admin.receivedText()).contains("GET /rabbit/api/queues/journal/q ", "Authorization: Basic " + BASIC);
        }
    }

    @Test
    void aPlainHttpManagementUrlIsRefusedForAnAmqpsUrl() {
        assertThatThrownBy(() -> Consumer.builder("amqps://u:S3cret@rabbit/", "q").managementUrl("http://rabbit:15672"))
                .isInstanceOf(ConsumerException.class)
                .hasMessage("managementUrl is http:// but the AMQP URL is amqps://: the password would cross the network "
                        + "in clear; use https://rabbit:15672.");
        Consumer.builder("amqps://u:S3cret@rabbit/", "q").managementUrl("https://rabbit:15671");
    }

    @Test
    void aManagementUrlWithItsOwnCredentialsIsRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> Consumer.builder("amqp://u:p@rabbit/", "q").managementUrl("http://admin:S3cret@rabbit:15672"))
                .isInstanceOf(ConsumerException.class)
                .hasMessageContaining("holds a user name or password")
                .hasMessageNotContaining("S3cret");
        assertThatThrownBy(() -> Consumer.builder("amqp://u:p@rabbit/", "q").managementUrl("ftp://rabbit"))
                .isInstanceOf(ConsumerException.class).hasMessageContaining("http:// or https://");
    }

    @Test
    void theClusterSizeCountsEveryNodeTheApiListsRunningOrNot() throws Exception {
        String nodes = "[{\"name\":\"rabbit@a\"},{\"name\":\"rabbit@b\",\"running\":false},{\"name\":\"rabbit@c\"}]";
        try (CapturingListener broker = CapturingListener.answering("127.0.0.1", ok(nodes))) {
            ManagementApi api = ManagementApi.of(AmqpUrl.parse("amqp://u:S3cret@127.0.0.1/"), null, broker.port());

            assertThat(api.clusterSize(InetAddress.getByName("127.0.0.1"))).isEqualTo(3);
            assertThat(broker.receivedText()).contains("GET /api/nodes?columns=name ");
        }
    }

    @Test
    void aUserWithoutTheMonitoringTagCannotTellTheClusterSize() throws Exception {
        try (CapturingListener broker = CapturingListener.answering("127.0.0.1",
                "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")) {
            ManagementApi api = ManagementApi.of(AmqpUrl.parse("amqp://u:S3cret@127.0.0.1/"), null, broker.port());

            assertThatThrownBy(() -> api.clusterSize(InetAddress.getByName("127.0.0.1")))
                    .isInstanceOf(IOException.class).hasMessage("the management API answered HTTP 401");
        }
    }

    @Test
    void aPortNobodyListensOnIsNamedInWordsNotAsNull() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        ManagementApi api = ManagementApi.of(AmqpUrl.parse("amqp://u:S3cret@127.0.0.1/"), null, closed);

        assertThatThrownBy(() -> api.clusterSize(InetAddress.getByName("127.0.0.1")))
                .isInstanceOf(IOException.class).hasMessageContaining("connection refused")
                .hasMessageContaining("management plugin").hasMessageNotContaining("S3cret");
    }

    private static String ok(String json) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                + "\r\nConnection: close\r\n\r\n" + json;
    }
}
