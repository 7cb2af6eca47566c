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
        int authorityEnd = firstOf(rest, "/?#");
        String authority = rest.substring(0, authorityEnd);
        String after = rest.substring(authorityEnd);
        if (authority.indexOf('@') < 0 && after.indexOf('@') >= 0) {
            // amqp://u:S3cr/et@host: the password holds a '/', '?' or '#' the URL reads as the end of the host.
            throw bad(text, "a '/', '?' or '#' in the user name or password must be written %2F, %3F or %23");
        }
        if (after.indexOf('@') >= 0) {
            // amqp://u:p@ss/w@host (found by AmqpUrlFuzzTest): the vhost "w@host" and the host "ss" would be printed, and
            // may be the end of a password with a raw '@' and '/'. Nothing before the last '@' is shown: ask for %40.
            throw bad(text, "an '@' after the host (in the vhost) must be written %40, and a '/', '@', '?' or '#' "
                    + "in the user name or password as %2F, %40, %3F or %23");
        }
        String path = after.startsWith("/") ? after.substring(1, firstOf(after, "?#")) : "";
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
        for (String hostPort : hosts.split(",", -1)) {
            addresses.add(address(hostPort.trim(), tls ? 5671 : 5672, text));
        }
        String vhost = path.isEmpty() ? "/" : decode(path, text);
        return new AmqpUrl(tls, username, password, addresses, vhost);
    }

    /** The index of the first of {@code chars} in {@code s}, or its length. */
    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static Address address(String hostPort, int defaultPort, String url) {
        if (hostPort.isEmpty()) {
            throw bad(url, "a host is missing");
        }
        boolean ipv6 = hostPort.startsWith("[");
        int close = hostPort.indexOf(']');
        if (ipv6 && close < 0) {
            throw bad(url, "the IPv6 address " + hostPort + " has no closing ']'");
        }
        String host = ipv6 ? hostPort.substring(1, close) : hostPort;
        String portText = null;
        if (ipv6 && close + 1 < hostPort.length()) {
            if (hostPort.charAt(close + 1) != ':') {
                throw bad(url, "after the IPv6 address [" + host + "] only :port may follow");
            }
            portText = hostPort.substring(close + 2);
        } else if (!ipv6 && hostPort.lastIndexOf(':') >= 0) {
            host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            portText = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw bad(url, "a host is missing");
        }
        if (!ipv6 && host.contains(":")) {
            // Never echoed: without its '@', amqp://user:secret:5672 reads as host "user:secret".
            throw bad(url, "a host holds a ':' (an IPv6 address goes in brackets, [::1]; user:password goes before an '@')");
        }
        return new Address(host, portText == null ? defaultPort : port(portText, url));
    }

    private static int port(String text, String url) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            // Not echoed: without an '@', the "port" may be a password (amqp://user:secret).
            throw bad(url, "a port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw bad(url, "a port is out of range: use 1 to 65535");
        }
        return port;
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

    /**
     * A URL-like text safe to print, whatever its shape: everything between the scheme (with the
     * {@code ://}, {@code :/} or {@code //} after it, however malformed) and the last {@code @} is
     * shown as {@code ****}; without an {@code @}, an authority that is not plain {@code host:port}
     * (e.g. {@code amqp://user:secret}, the host forgotten) is hidden too.
     */
    public static String redact(String url) {
        if (url == null) {
            return "null";
        }
        int start = credentialsStart(url);
        int at = url.lastIndexOf('@');
        if (at >= start) {
            return url.substring(0, start) + "****" + url.substring(at);
        }
        int end = start + firstOf(url.substring(start), "/?#");
        return isHostList(url.substring(start, end)) ? url : url.substring(0, start) + "****" + url.substring(end);
    }

    /** Where user information would start: after a leading scheme and the ':' and '/' that follow it. */
    private static int credentialsStart(String url) {
        int i = 0;
        while (i < url.length() && (Character.isLetterOrDigit(url.charAt(i)) || "+.-".indexOf(url.charAt(i)) >= 0)) {
            i++;
        }
        if (i == 0 || !Character.isLetter(url.charAt(0)) || i == url.length() || (url.charAt(i) != ':' && url.charAt(i) != '/')) {
            return 0;  // no scheme: nothing before the '@' is safe to show
        }
        while (i < url.length() && (url.charAt(i) == ':' || url.charAt(i) == '/')) {
            i++;
        }
        return i;
    }

    /** {@code host}, {@code host:5672}, {@code [::1]:5672}, comma-separated: nothing that could be a password. */
    private static boolean isHostList(String authority) {
        for (String hostPort : authority.split(",", -1)) {
            String h = hostPort.trim();
            String port;
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                port = close < 0 ? "?" : h.substring(close + 1);
            } else if (h.indexOf(':') != h.lastIndexOf(':')) {
                return false;  // user:secret:5672, the '@host' forgotten
            } else {
                port = h.indexOf(':') < 0 ? "" : h.substring(h.indexOf(':'));
            }
            if (!port.isEmpty() && !port.matches(":[0-9]{0,5}")) {
                return false;
            }
        }
        return true;
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
