package com.ctec.consumer.cli;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ctec-consumer publish}: sends test messages with publisher confirms and prints the rate. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send test messages with publisher confirms (asynchronous, windowed) and print the rate.",
            "Exit 1 if any message was not confirmed, or could not be routed to a queue.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every message confirmed", "1:broker unreachable, or messages nacked, unroutable or unconfirmed",
            "2:usage error"})
final class PublishCommand implements Callable<Integer> {
    private static final String DEFAULT_BODY = "hello from ctec-consumer #{n}";
    /** RabbitMQ's hard limit on max_message_size (512 MiB); its default is 128 MiB. */
    private static final int MAX_BODY = 512 * 1024 * 1024;

    @Mixin
    private BrokerOptions broker;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Destination destination;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "messages to send (default: ${DEFAULT-VALUE})")
    private long count;

    @ArgGroup(exclusive = true)
    private Body body;

    @Option(names = "--persistent", description = "delivery mode 2: the message survives a broker restart (in a durable queue)")
    private boolean persistent;

    @Option(names = "--header", paramLabel = "KEY=VALUE", description = "a header on every message (repeatable)")
    private Map<String, String> headers = new LinkedHashMap<>();

    @Option(names = "--window", paramLabel = "N", defaultValue = "1000",
            description = "unconfirmed messages allowed at once (default: ${DEFAULT-VALUE})")
    private int window;

    /** Where to send: a queue (through the default exchange) or an exchange with a routing key. */
    static final class Destination {
        @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "send to this queue (default exchange)")
        String queue;

        @ArgGroup(exclusive = false)
        ExchangeRoute exchange;
    }

    /** An exchange and the routing key to publish with. */
    static final class ExchangeRoute {
        @Option(names = "--exchange", paramLabel = "EXCHANGE", required = true, description = "send to this exchange ...")
        String name;

        @Option(names = "--routing-key", paramLabel = "KEY", defaultValue = "", description = "... with this routing key (default: empty)")
        String routingKey;
    }

    /** What each message holds. */
    static final class Body {
        @Option(names = "--body", paramLabel = "TEXT",
                description = "the body; {n} becomes the message number 1..N (default: \"" + DEFAULT_BODY + "\")")
        String text;

        @Option(names = "--file", paramLabel = "FILE", description = "the body is this file's content")
        Path file;

        @Option(names = "--size", paramLabel = "BYTES", description = "a body of this many bytes (text filler)")
        Integer size;
    }

    @Override
    public Integer call() throws Exception {
        if (count < 1 || window < 1) {
            throw CliException.usage("--count and --window must be at least 1 (were " + count + " and " + window + ").");
        }
        BodyMaker bodies = bodyMaker();
        String exchange = destination.queue != null ? "" : destination.exchange.name;
        String routingKey = destination.queue != null ? destination.queue : destination.exchange.routingKey;
        String target = destination.queue != null ? "queue '" + destination.queue + "'"
                : "exchange '" + exchange + "' with key '" + routingKey + "'";
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .deliveryMode(persistent ? 2 : 1)
                .contentType(body != null && body.file != null ? "application/octet-stream" : "text/plain")
                .headers(headers.isEmpty() ? null : Map.copyOf(headers))
                .build();
        try (Connection connection = Brokers.open(broker.url(), "ctec-consumer publish")) {
            requireDestination(connection, exchange, routingKey);
            long started = System.nanoTime();
            try (ConfirmedSender sender = new ConfirmedSender(connection, window)) {
                for (long n = 1; n <= count; n++) {
                    sender.send(exchange, routingKey, properties, bodies.body(n));
                }
                boolean allConfirmed = sender.awaitConfirms(Duration.ofSeconds(30));
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("Published %,d message(s) of %s to %s in %.2f s: %,.0f msg/s.%n", sender.published(),
                        bytes(bodies.typicalSize()), target, seconds, sender.published() / Math.max(seconds, 1e-9));
                return report(sender, allConfirmed, target);
            }
        } catch (IOException e) {
            String refusal = e.getMessage() != null && e.getMessage().startsWith("the broker closed the channel: ")
                    ? e.getMessage().substring("the broker closed the channel: ".length()) : null;
            throw CliException.failure(refusal != null ? refused(refusal, target)
                    : "Publishing to " + target + " failed: " + e.getMessage() + ".", e);
        }
    }

    /** The broker's reason for closing the channel, as one sentence with the fix when it is the size. */
    private static String refused(String reason, String target) {
        boolean size = reason.contains("max size") || reason.contains("message size");
        return "The broker refused the messages to " + target + " and closed the channel (" + reason + ")"
                + (size ? ": send smaller messages, or raise the broker's max_message_size." : ".");
    }

    private int report(ConfirmedSender sender, boolean allConfirmed, String target) {
        if (sender.refusal() != null) {
            System.err.println(refused(sender.refusal(), target));
            return Exit.FAILURE;
        }
        if (!allConfirmed) {
            System.err.printf("%,d message(s) were not confirmed within 30 s: the broker may be overloaded or blocked (memory or disk alarm).%n",
                    sender.unconfirmed());
            return Exit.FAILURE;
        }
        if (sender.nacked() > 0 || sender.returned() > 0) {
            System.err.printf("%,d confirmed, %,d refused by the broker (nack), %,d unroutable (no queue takes them from %s).%n",
                    sender.confirmed(), sender.nacked(), sender.returned(), target);
            return Exit.FAILURE;
        }
        System.out.printf("All %,d confirmed by the broker.%n", sender.confirmed());
        return Exit.OK;
    }

    /** Fails early, with the name, when the queue or exchange does not exist (else every message would bounce). */
    private static void requireDestination(Connection connection, String exchange, String queue) throws IOException {
        Channel probe = connection.createChannel();
        try {
            if (exchange.isEmpty()) {
                probe.queueDeclarePassive(queue);
            } else {
                probe.exchangeDeclarePassive(exchange);
            }
            probe.close();
        } catch (IOException e) {
            throw CliException.failure(exchange.isEmpty()
                    ? "Queue '" + queue + "' does not exist: declare it first (e.g. ctec-consumer run ... --declare-queue), or fix --queue."
                    : "Exchange '" + exchange + "' does not exist: declare it first, or fix --exchange.", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw CliException.failure("The broker did not answer while checking the destination: try again.", e);
        }
    }

    private BodyMaker bodyMaker() throws IOException {
        if (body != null && body.file != null) {
            try {
                return new BodyMaker(Files.readAllBytes(body.file), null);
            } catch (NoSuchFileException e) {
                throw CliException.usage("File " + body.file + " given to --file does not exist.");
            }
        }
        if (body != null && body.size != null) {
            if (body.size < 0) {
                throw CliException.usage("--size must be zero or more bytes (was " + body.size + ").");
            }
            if (body.size > MAX_BODY) {
                throw CliException.usage(String.format("--size %,d is more than RabbitMQ accepts in one message (at most "
                        + "%,d bytes, and 128 MiB unless max_message_size is raised): use a smaller size.", body.size, MAX_BODY));
            }
            long spare = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
            if (body.size > spare / 2) {
                throw CliException.usage(String.format("--size %,d needs more memory than this JVM has (%,d MB free): "
                        + "use a smaller size, or give the JVM more with JAVA_TOOL_OPTIONS=-Xmx...", body.size, spare / 1_048_576));
            }
            byte[] filler = new byte[body.size];
            Arrays.fill(filler, (byte) 'x');
            return new BodyMaker(filler, null);
        }
        String text = body != null && body.text != null ? body.text : DEFAULT_BODY;
        return text.contains("{n}") ? new BodyMaker(null, text) : new BodyMaker(text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** The same bytes for every message, or a text template with {n}. */
    private record BodyMaker(byte[] fixed, String template) {
        byte[] body(long n) {
            return fixed != null ? fixed : template.replace("{n}", Long.toString(n)).getBytes(StandardCharsets.UTF_8);
        }

        int typicalSize() {
            return body(1).length;
        }
    }

    private static String bytes(long n) {
        return n < 1024 ? n + " B" : n < 1024 * 1024 ? String.format("%.1f KB", n / 1024.0) : String.format("%.1f MB", n / 1048576.0);
    }
}
