package com.ctec.consumer.internal;

import com.ctec.consumer.ConsumerException;
import com.rabbitmq.client.Address;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The seed's broker URL, {@code amqp[s]://user:pass@host[:port][,host[:port]...][/vhost]}, parsed once.
 *
 * <p>Unlike the RabbitMQ client, a trailing "/" with no name means the vhost "/" (users write it
 * and the client's "vhost not found" does not say why). The password is kept only for
 * connecting: {@link #toString()} and {@link #redacted()} show it as {@code ****}.
 */
public final class AmqpUrl {
    private final boolean tls;
    private final String username;
    private final String password;
    private final List<Address> addresses;
    private final String vhost;

    private AmqpUrl(boolean tls, String username, String password, List<Address> addresses, String vhost) {
        this.tls = tls;
        this.username = username;
        this.password = password;
        this.addresses = List.copyOf(addresses);
        this.vhost = vhost;
    }

    /** Parses the URL or throws a ConsumerException saying what is wrong with it (without its password). */
    public static AmqpUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new ConsumerException("the AMQP URL is empty: pass one like amqp://user:password@127.0.0.1:5672/vhost.");
        }
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase();
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw bad(text, "it must start with amqp:// or amqps://");
        }
        boolean tls = scheme.equals("amqps");
        String rest = text.substring(schemeEnd + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at);
        String hosts = at < 0 ? authority : authority.substring(at + 1);

        String username = "guest";
        String password = "guest";
        if (!userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), text);
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1), text);
        }
        List<Address> addresses = new ArrayList<>();
        for (String hostPort : hosts.split(",")) {
            addresses.add(address(hostPort.trim(), tls ? 5671 : 5672, text));
        }
        String vhost = path.isEmpty() ? "/" : decode(path, text);
        return new AmqpUrl(tls, username, password, addresses, vhost);
    }

    private static Address address(String hostPort, int defaultPort, String url) {
        if (hostPort.isEmpty()) {
            throw bad(url, "a host is missing");
        }
        String host = hostPort;
        int port = defaultPort;
        int colon = hostPort.lastIndexOf(':');
        boolean ipv6 = hostPort.startsWith("[");
        if (colon > 0 && (!ipv6 || hostPort.lastIndexOf(']') < colon)) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw bad(url, "the port of " + host + " is not a number");
            }
            if (port < 1 || port > 65535) {
                throw bad(url, "the port " + port + " is out of range");
            }
        }
        if (ipv6) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw bad(url, "a host is missing");
        }
        return new Address(host, port);
    }

    private static String decode(String s, String url) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(url, "it has a bad %-escape");
        }
    }

    private static ConsumerException bad(String url, String why) {
        return new ConsumerException("the AMQP URL " + redact(url) + " is invalid (" + why
                + "): write it as amqp://user:password@host:port/vhost.");
    }

    /** Replaces the password of a URL-like text with {@code ****}. */
    public static String redact(String url) {
        int schemeEnd = url.indexOf("://");
        int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int slash = url.indexOf('/', start);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() : slash);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + "****" + url.substring(at);
    }

    public boolean tls() {
        return tls;
    }

    public String username() {
        return username;
    }

    /** The password, for connecting only; never log it. */
    public String password() {
        return password;
    }

    public List<Address> addresses() {
        return addresses;
    }

    public String vhost() {
        return vhost;
    }

    /** The brokers as {@code host:port,host:port}. */
    public String brokers() {
        return addresses.stream().map(a -> a.getHost() + ":" + a.getPort()).collect(Collectors.joining(","));
    }

    /** The URL with the password as {@code ****}. */
    public String redacted() {
        String path = vhost.equals("/") ? "/" : "/" + vhost;
        return (tls ? "amqps" : "amqp") + "://" + username + ":****@" + brokers() + path;
    }

    @Override
    public String toString() {
        return redacted();
    }
}
