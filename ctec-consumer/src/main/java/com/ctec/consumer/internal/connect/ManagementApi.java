package com.ctec.consumer.internal.connect;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.DeadLetterRoute;
import com.ctec.consumer.internal.Json;
import com.ctec.consumer.internal.Settings;
import com.rabbitmq.client.Address;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a queue's dead-letter settings and type, and the cluster's size, from the management HTTP
 * API, the only place that shows queue arguments and policies (AMQP 0-9-1 cannot read them back).
 * Optional: when the plugin is off or unreachable, the caller falls back to a route that cannot
 * drop messages and to classic queues of its own.
 *
 * <p>It sends the AMQP URL's user and password (HTTP Basic), so where it sends them is narrow:
 * only to the {@code managementUrl} the user gave, or else to the broker host named in the AMQP
 * URL that the consumer is connected to; over HTTPS (with the AMQP connection's TLS settings)
 * whenever the AMQP URL is {@code amqps}; and never along a redirect (see docs/security.md).
 */
public final class ManagementApi {
    /** One client for the JVM, made on first use: building one costs about half a second of start-up. */
    private static final class Shared {
        // Redirect.NEVER (stated, though it is the default): a 3xx must not carry the credentials to another host.
        static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).sslContext(Connections.tlsContext()).build();
    }

    private final AmqpUrl url;
    private final URI fixed;
    private final int port;

    private ManagementApi(AmqpUrl url, URI fixed, int port) {
        this.url = url;
        this.fixed = fixed;
        this.port = port;
    }

    /** The API for these settings, or empty when the consumer must never ask (managementPort 0, no managementUrl). */
    public static Optional<ManagementApi> of(Settings settings) {
        if (settings.managementUrl() == null && settings.managementPort() == 0) {
            return Optional.empty();
        }
        return Optional.of(of(settings.url(), settings.managementUrl(), settings.managementPort()));
    }

    /** The API at {@code managementUrl} (checked by {@link #checkedUrl}), or when null on {@code port} of the connected named host. */
    public static ManagementApi of(AmqpUrl url, URI managementUrl, int port) {
        return new ManagementApi(url, managementUrl, port);
    }

    /**
     * Checks a {@code managementUrl} option: http or https, a host, no credentials of its own, and
     * https when the AMQP URL is amqps (the password must not cross the network in clear).
     */
    public static URI checkedUrl(String text, AmqpUrl amqp) {
        URI uri;
        try {
            uri = new URI(text == null ? "" : text.trim());
        } catch (URISyntaxException e) {
            throw badUrl("it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw badUrl("it must start with http:// or https://");
        }
        if (uri.getHost() == null) {
            throw badUrl("it names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw badUrl("it holds a user name or password; the AMQP URL's are used");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw badUrl("it has a ?query or #fragment");
        }
        if (amqp.tls() && scheme.equals("http")) {
            throw new ConsumerException("managementUrl is http:// but the AMQP URL is amqps://: the password would cross "
                    + "the network in clear; use https://" + uri.getRawAuthority() + ".");
        }
        return uri;
    }

    private static ConsumerException badUrl(String why) {
        // The text is not echoed: a user:password@ in it would be printed.
        return new ConsumerException("managementUrl is invalid (" + why + "): write it as https://host:15671 or "
                + "http://host:15672, optionally with a path prefix.");
    }

    /** Where the API is asked, for log lines: the URL without credentials. */
    public String describe(InetAddress connected) {
        try {
            return base(connected).toString();
        } catch (IOException e) {
            return "port " + port + " of the broker";
        }
    }

    /**
     * The queue's own dead-letter exchange and routing key (an argument wins over a policy, as in
     * the broker), or empty when it has none.
     *
     * @param connected the address the consuming connection reached
     * @throws IOException when the API cannot be asked (plugin off, no permission, not a named host, ...)
     */
    Optional<DeadLetterRoute> deadLetterRoute(InetAddress connected, String queue) throws IOException {
        return routeOf(queue(connected, queue));
    }

    /** The queue as the API describes it (arguments, effective policy, type, ...). */
    public Map<?, ?> queue(InetAddress connected, String queue) throws IOException {
        if (get(connected, "/api/queues/" + encode(url.vhost()) + "/" + encode(queue)) instanceof Map<?, ?> info) {
            return info;
        }
        throw new IOException("the management API answered something unexpected");
    }

    /**
     * How many nodes the cluster has, running or not (a node that is down is still a member whose
     * loss the engine's own queues must survive).
     *
     * @throws IOException when the API cannot be asked; listing nodes needs the user tag "monitoring"
     */
    public int clusterSize(InetAddress connected) throws IOException {
        if (get(connected, "/api/nodes?columns=name") instanceof java.util.List<?> nodes && !nodes.isEmpty()) {
            return nodes.size();
        }
        throw new IOException("the management API listed no nodes");
    }

    /** The JSON at {@code path}, asked with the AMQP URL's credentials. */
    private Object get(InetAddress connected, String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base(connected) + path))
                .timeout(Duration.ofSeconds(3))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (url.username() + ":" + url.password()).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> response;
        try {
            response = Shared.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.net.ConnectException e) {
            // The JDK's client gives no message here: the log line read "(null)".
            throw new IOException("connection refused: is the management plugin enabled, on that port?", e);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("no answer within 3 s", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the management API answered HTTP " + response.statusCode());
        }
        try {
            return Json.parse(response.body());
        } catch (RuntimeException e) {
            throw new IOException("the management API answered something that is not JSON", e);
        }
    }

    /**
     * The API's base: the {@code managementUrl} as given, else http(s) on {@code managementPort}
     * of the URL's host that the connection reached, by the name the user wrote (so that HTTPS can
     * check the certificate against it).
     */
    private URI base(InetAddress connected) throws IOException {
        if (fixed != null) {
            String text = fixed.toString();
            return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        }
        String host = namedHost(connected).orElseThrow(() -> new IOException("the connected broker "
                + connected.getHostAddress() + " is none of the hosts of the AMQP URL; set managementUrl to ask it"));
        return URI.create((url.tls() ? "https" : "http") + "://" + hostForUri(host) + ":" + port);
    }

    /** The host of the AMQP URL that resolves to {@code connected}, as the user wrote it. */
    private Optional<String> namedHost(InetAddress connected) {
        for (Address address : url.addresses()) {
            try {
                if (Arrays.asList(InetAddress.getAllByName(address.getHost())).contains(connected)) {
                    return Optional.of(address.getHost());
                }
            } catch (UnknownHostException e) {
                // Not this one: the connection reached a host that resolves.
            }
        }
        return Optional.empty();
    }

    public static Optional<DeadLetterRoute> routeOf(Map<?, ?> info) {
        Optional<DeadLetterRoute> fromArguments = route(info.get("arguments"), "x-dead-letter-exchange",
                "x-dead-letter-routing-key", "the queue's x-dead-letter-exchange argument");
        if (fromArguments.isPresent()) {
            return fromArguments;
        }
        return route(info.get("effective_policy_definition"), "dead-letter-exchange", "dead-letter-routing-key",
                "the dead-letter-exchange of policy '" + info.get("policy") + "'");
    }

    private static Optional<DeadLetterRoute> route(Object table, String exchangeKey, String routingKeyKey, String why) {
        if (table instanceof Map<?, ?> map && map.get(exchangeKey) instanceof String exchange) {
            Object routingKey = map.get(routingKeyKey);
            return Optional.of(new DeadLetterRoute(exchange, routingKey instanceof String s ? s : null,
                    "exchange '" + exchange + "' (" + why + ")"));
        }
        return Optional.empty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
