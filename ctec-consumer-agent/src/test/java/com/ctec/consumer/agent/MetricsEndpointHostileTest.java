package com.ctec.consumer.agent;

import com.ctec.consumer.Consumer;
import com.ctec.consumer.testing.Broker;
import com.ctec.consumer.testing.RealBrokerTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** Whoever reaches the agent's port: slow clients, other methods, other hosts. */
class MetricsEndpointHostileTest extends RealBrokerTest {
    /** Only a blocked endpoint takes this long; a working one answers in milliseconds. */
    private static final int GENEROUS_MS = 20_000;

    private final int port = Http.freePort();

    @Test
    void aClientSendingHalfAHeaderDoesNotBlockHealth() throws Exception {
        try (Consumer ignored = Consumers.started(Consumers.builder(broker.queue("slowloris"), "slowloris").metricsPort(port));
             Socket slow = new Socket("127.0.0.1", port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(url("/health")).status() == 200);
            slow.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ".getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();

            assertThat(request("GET", "/health")).startsWith("HTTP/1.1 200 ").contains("\"status\":\"UP\"");
        }
    }

    @Test
    void aConnectionThatNeverFinishesItsRequestIsClosedAfterTheTimeout() throws Exception {
        System.setProperty(MetricsEndpoint.REQUEST_TIMEOUT_PROPERTY, "500");
        try (Consumer ignored = Consumers.started(Consumers.builder(broker.queue("timeout"), "timeout").metricsPort(port))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(url("/health")).status() == 200);
            try (Socket slow = new Socket("127.0.0.1", port)) {
                slow.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.setSoTimeout(GENEROUS_MS);

                assertThat(slow.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
            }
        } finally {
            System.clearProperty(MetricsEndpoint.REQUEST_TIMEOUT_PROPERTY);
        }
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        try (Consumer ignored = Consumers.started(Consumers.builder(broker.queue("methods"), "methods").metricsPort(port))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(url("/health")).status() == 200);

            for (String method : new String[] {"POST", "PUT", "DELETE", "TRACE", "OPTIONS"}) {
                assertThat(request(method, "/metrics")).as(method).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD");
            }
            String head = request("HEAD", "/metrics");
            assertThat(head).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n");
            assertThat(request("GET", "/nothing")).startsWith("HTTP/1.1 404 ");
            assertThat(request("GET", "/health?verbose=1")).startsWith("HTTP/1.1 200 ");
            assertThat(exchange("x".repeat(20_000) + "\r\n\r\n")).startsWith("HTTP/1.1 431 ");
            assertThat(exchange("hello\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void byDefaultOnlyThisHostCanConnect() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeThat(external).as("this host has a non-loopback IPv4 address").isPresent();
        try (Consumer ignored = Consumers.started(Consumers.builder(broker.queue("bind"), "bind").metricsPort(port))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(url("/health")).status() == 200);

            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external.get(), port), GENEROUS_MS);
                }
            }).isInstanceOf(IOException.class);
        }
        try (Consumer ignored = Consumers.started(Consumers.builder(broker.queue("bind-all"), "bind-all").metricsPort(port)
                .metricsBind("0.0.0.0"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get("http://" + external.get().getHostAddress() + ":" + port
                    + "/health").status() == 200);
        }
    }

    @Test
    void aBadBindAddressIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> Consumer.builder(Broker.URL, "q").metricsBind(" ")).hasMessageStartingWith("metricsBind ' ' is not an address");
    }

    private String request(String method, String path) throws IOException {
        return exchange(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    /** Sends {@code raw} and reads the whole answer (the server closes every connection after one). */
    private String exchange(String raw) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(GENEROUS_MS);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Optional<InetAddress> externalAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
