package com.ctec.consumer.cli;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.internal.AmqpUrl;
import com.ctec.consumer.internal.process.ChildRuntime;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the commands find passwords other than their command line, which every local user can
 * read ({@code ps}, {@code /proc/<pid>/cmdline}): the environment ({@code CTEC_URL},
 * {@code CTEC_PASSWORD}, {@code CTEC_ZOOKEEPER_DIGEST}) and a credentials file ({@code
 * --credentials FILE} or {@code CTEC_CREDENTIALS}: a .properties file with {@code url},
 * {@code password}, {@code zookeeper-digest}). The environment wins over the file; a flag wins
 * over both, with one warning per process (see docs/security.md).
 */
final class Credentials {
    static final String PASSWORD_ENV = "CTEC_PASSWORD";
    static final String FILE_ENV = "CTEC_CREDENTIALS";
    static final String OPTION_DESCRIPTION = ".properties file with url, password and/or zookeeper-digest, "
            + "readable by you alone (default: $" + FILE_ENV + ")";
    private static final Set<String> KEYS = Set.of("url", "password", "zookeeper-digest");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final AtomicBoolean WARNED_ABOUT_FLAG = new AtomicBoolean();
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private final Map<String, String> env;
    private final Properties file;

    private Credentials(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /** Reads the credentials file ({@code path}, else {@code $CTEC_CREDENTIALS}, else none); warns if others may read it. */
    static Credentials load(Path path, Map<String, String> env, PrintStream warnings) {
        Path chosen = path != null ? path : blank(env.get(FILE_ENV)) ? null : Path.of(env.get(FILE_ENV).trim());
        Properties properties = new Properties();
        if (chosen != null) {
            read(chosen, properties);
            warnIfOthersMayRead(chosen, "credentials file " + chosen + " can", warnings);
        }
        return new Credentials(env, properties);
    }

    /** The URL when no --url or url setting names one: {@code $CTEC_URL}, else the file's, else the local broker. */
    String defaultUrl() {
        return value("CTEC_URL", "url").orElse(Brokers.LOCAL_URL);
    }

    /** {@code given}, or the default URL, with the password filled in when it names a user but no password. */
    String url(Optional<String> given) {
        return complete(given.orElseGet(this::defaultUrl));
    }

    /** {@code $CTEC_ZOOKEEPER_DIGEST}, else the file's {@code zookeeper-digest}. */
    Optional<String> zookeeperDigest() {
        return value("CTEC_ZOOKEEPER_DIGEST", "zookeeper-digest");
    }

    /** Fills {@code $CTEC_PASSWORD} (else the file's {@code password}) into {@code amqp://user@host}; any other URL as it is. */
    String complete(String url) {
        Optional<String> password = value(PASSWORD_ENV, "password");
        int scheme = url.indexOf("://");
        if (password.isEmpty() || scheme < 0) {
            return url;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start || url.substring(start, at).contains(":")) {
            return url;  // no user named, or a password of its own
        }
        return url.substring(0, at) + ":" + URLEncoder.encode(password.get(), StandardCharsets.UTF_8).replace("+", "%20")
                + url.substring(at);
    }

    /** One warning per process when {@code --url} holds a password (RabbitMQ's public guest:guest aside). */
    static void warnIfUrlFlagHasPassword(String url, PrintStream warnings) {
        if (holdsPassword(url)) {
            warnFlag("--url", warnings);
        }
    }

    /** A warning when a config file that holds a password (in a url, or a zookeeper-digest) can be read by others. */
    static void warnIfConfigFileExposesPassword(Path path, ConfigFile config, PrintStream warnings) {
        boolean secret = Stream.concat(Stream.of(config.top()), config.consumers().values().stream())
                .anyMatch(settings -> settings.containsKey(Setting.ZOOKEEPER_DIGEST)
                        || (settings.containsKey(Setting.URL) && holdsPassword(settings.get(Setting.URL).value())));
        if (secret) {
            warnIfOthersMayRead(path, "config file " + path + " holds a password and can", warnings);
        }
    }

    private static boolean holdsPassword(String url) {
        try {
            AmqpUrl parsed = AmqpUrl.parse(url);
            return !parsed.password().isEmpty() && !(parsed.username().equals("guest") && parsed.password().equals("guest"));
        } catch (ConsumerException e) {
            return false;  // a malformed URL is an error of its own, said in its place
        }
    }

    /** One warning per process when {@code --zookeeper-digest} holds a password. */
    static void warnIfDigestFlag(String digest, PrintStream warnings) {
        if (digest != null && digest.indexOf(':') >= 0 && digest.indexOf(':') < digest.length() - 1) {
            warnFlag("--zookeeper-digest", warnings);
        }
    }

    /**
     * A usage message with each {@code 'quoted'} argument that may hold a password redacted: a URL
     * or anything with an {@code @} (as {@link AmqpUrl#redact}), and {@code user:secret} (a colon
     * not followed by a port number) as {@code user:****}.
     */
    static String redactQuotedArguments(String message) {
        return message == null ? "" : QUOTED.matcher(message).replaceAll(m -> Matcher.quoteReplacement("'" + redactArgument(m.group(1)) + "'"));
    }

    private static String redactArgument(String argument) {
        if (argument.contains("@") || argument.contains("://")) {
            return AmqpUrl.redact(argument);
        }
        int colon = argument.indexOf(':');
        if (colon >= 0 && !argument.startsWith("-") && !argument.substring(argument.lastIndexOf(':') + 1).matches("[0-9]*")) {
            return argument.substring(0, colon + 1) + "****";
        }
        return argument;
    }

    private static void warnFlag(String flag, PrintStream warnings) {
        // A PROCESSES-mode child runs the same command line: its supervisor has warned already.
        if (ChildRuntime.index().isEmpty() && WARNED_ABOUT_FLAG.compareAndSet(false, true)) {
            warnings.println("Warning: the password given with " + flag + " can be read by every user of this machine "
                    + "(ps, /proc/<pid>/cmdline): pass it in the environment (CTEC_URL, CTEC_PASSWORD, CTEC_ZOOKEEPER_DIGEST) "
                    + "or a --credentials file only you can read instead.");
        }
    }

    private Optional<String> value(String variable, String key) {
        String fromEnv = env.get(variable);
        if (!blank(fromEnv)) {
            return Optional.of(fromEnv.trim());
        }
        String fromFile = file.getProperty(key);
        return blank(fromFile) ? Optional.empty() : Optional.of(fromFile.trim());
    }

    private static void read(Path path, Properties properties) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw CliException.usage("Credentials file " + path + " does not exist: check --credentials (or $" + FILE_ENV + ").");
        } catch (IOException | IllegalArgumentException e) {
            // Not the exception's text: it may quote a line of the file.
            throw CliException.usage("Cannot read credentials file " + path + " (" + e.getClass().getSimpleName()
                    + "): it must be a readable .properties file with url=, password= or zookeeper-digest=.", e);
        }
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw CliException.usage("Unknown key '" + key + "' in credentials file " + path
                        + ": use url, password or zookeeper-digest.");
            }
        }
    }

    /** {@code subject}: "credentials file F can", completed with "be read by other users ...". */
    private static void warnIfOthersMayRead(Path path, String subject, PrintStream warnings) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(OTHERS::contains)) {
                warnings.println("Warning: " + subject + " be read by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "): chmod 600 " + path + ".");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: its own access rules apply.
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
