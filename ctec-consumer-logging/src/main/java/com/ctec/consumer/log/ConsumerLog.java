package com.ctec.consumer.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Sends log output to a daily and size-rolled file {@code <logPath>/<appName>.log}, or to stdout without a path.
 *
 * <p>Logback's {@link LoggerContext} is the only state: the appenders this class creates are found again by
 * name, so an external {@code LoggerContext.reset()} cannot leave stale bookkeeping behind.
 */
public final class ConsumerLog {

    /** MDC key set by the PROCESSES mode to the child index; rendered as {@code [child N]}. */
    static final String CHILD_MDC_KEY = "ctec.child";

    /**
     * Date-time with millis, level, thread, logger, optional child tag, message. The {@code %replace} drops
     * the child tag when the MDC key is absent, because an empty {@code %X} would still leave {@code [child ]}.
     */
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36}"
            + "%replace( [child %X{" + CHILD_MDC_KEY + "}]){'^ \\[child \\]$', ''} - %msg%n";

    /** System property overriding the size of one log file before it rolls (Logback size syntax). */
    static final String MAX_FILE_SIZE_PROPERTY = "ctec.log.maxFileSize";
    /** System property overriding how many days of rolled files are kept. */
    static final String MAX_HISTORY_PROPERTY = "ctec.log.maxHistory";
    /** System property overriding the total size of all files of one app (Logback size syntax). */
    static final String TOTAL_SIZE_CAP_PROPERTY = "ctec.log.totalSizeCap";

    static final String DEFAULT_MAX_FILE_SIZE = "100MB";
    static final int DEFAULT_MAX_HISTORY = 30;
    static final String DEFAULT_TOTAL_SIZE_CAP = "3GB";

    static final String FILE_APPENDER_PREFIX = "ctec-file:";
    static final String CONSOLE_APPENDER_NAME = "ctec-console";

    /** Letters, digits, '.', '_' and '-', not starting with '.', so ".." or hidden files are impossible. */
    private static final Pattern SAFE_APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Serialises reconfiguration; logging itself never takes this lock. */
    private static final Object LOCK = new Object();

    private ConsumerLog() {
    }

    /**
     * Returns the logger named {@code appName}, writing to {@code <logPath>/<appName>.log} at DEBUG when
     * {@code debug} is true (else INFO), or to wherever the root logger writes when {@code logPath} is blank.
     *
     * @throws IllegalArgumentException if {@code appName} is not a safe file name or {@code logPath} is not writable
     */
    public static org.slf4j.Logger getLogger(String appName, String logPath, boolean debug) {
        requireSafeAppName(appName);
        synchronized (LOCK) {
            LoggerContext context = loggerContext();
            Path file = isBlank(logPath) ? null : logFile(appName, logPath); // validate before changing anything
            Logger logger = context.getLogger(appName);
            logger.setLevel(level(debug));
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            // No path, or configure() already points root at this file: a second route would double each line.
            if (file == null || root.getAppender(fileAppenderName(file)) != null) {
                inheritFromRoot(context, logger);
            } else {
                replaceAppenders(context, logger, fileAppender(context, appName, file));
                logger.setAdditive(false); // this file only, not also the root logger's destination
            }
            return logger;
        }
    }

    /**
     * Sends every slf4j logger of the process (the root logger) to {@code <logPath>/<appName>.log}, or to stdout
     * when {@code logPath} is blank, at DEBUG when {@code debug} is true (else INFO); seed: APP_NAME, LOG_PATH, DEBUG.
     *
     * @throws IllegalArgumentException if {@code appName} is not a safe file name or {@code logPath} is not writable
     */
    public static void configure(String appName, String logPath, boolean debug) {
        requireSafeAppName(appName);
        synchronized (LOCK) {
            LoggerContext context = loggerContext();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            Appender<ILoggingEvent> target = isBlank(logPath)
                    ? consoleAppender(context, root)
                    : fileAppender(context, appName, logFile(appName, logPath));
            replaceAppenders(context, root, target);
            root.setLevel(level(debug));
            // An earlier getLogger(appName, ...) may have routed the app logger elsewhere; the app follows root now.
            Logger appLogger = context.getLogger(appName);
            inheritFromRoot(context, appLogger);
            appLogger.setLevel(null);
        }
    }

    private static LoggerContext loggerContext() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            return context;
        }
        throw new IllegalStateException("ConsumerLog needs Logback as the slf4j provider but found "
                + factory.getClass().getName() + ": remove other slf4j providers (e.g. slf4j-simple) from the classpath.");
    }

    private static Level level(boolean debug) {
        return debug ? Level.DEBUG : Level.INFO;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void requireSafeAppName(String appName) {
        if (isBlank(appName)) {
            throw new IllegalArgumentException("App name must not be blank: pass a short name such as "
                    + "\"my-consumer\", which also names the log file.");
        }
        if (!SAFE_APP_NAME.matcher(appName).matches()) {
            throw new IllegalArgumentException("App name \"" + appName + "\" is not a safe file name: use only "
                    + "letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. \"my-consumer\").");
        }
    }

    /** Creates the directory if needed and proves it writable now, so mistakes fail at startup, not silently later. */
    private static Path logFile(String appName, String logPath) {
        Path dir;
        try {
            dir = Path.of(logPath).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Log path \"" + logPath + "\" is not a valid path (" + e.getReason()
                    + "): pass a directory such as /var/log/my-consumer.", e);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Log path " + dir + " is a file, not a directory: "
                    + "pass a directory (it is created if missing) or remove that file.");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("Log path " + dir + " cannot be created because " + e.getFile()
                    + " is a file, not a directory: pass a directory this user can write to.", e);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("Log path " + dir + " cannot be created (" + e + "): "
                    + "create it or pass a directory this user can write to.", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("Log path " + dir + " is not writable: "
                    + "grant this user write access or pass a directory this user can write to.");
        }
        Path file = dir.resolve(appName + ".log");
        if (Files.exists(file) && (Files.isDirectory(file) || !Files.isWritable(file))) {
            throw new IllegalArgumentException("Log file " + file + " exists but is not a writable file: "
                    + "remove it or pass another log path.");
        }
        return file;
    }

    private static String fileAppenderName(Path file) {
        return FILE_APPENDER_PREFIX + file;
    }

    /** Reuses the appender already writing {@code file}: two appenders on one file would corrupt rolling. */
    private static Appender<ILoggingEvent> fileAppender(LoggerContext context, String appName, Path file) {
        String name = fileAppenderName(file);
        Appender<ILoggingEvent> existing = findAppender(context, name);
        if (existing != null) {
            return existing;
        }
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name);
        appender.setFile(file.toString()); // must precede the rolling policy, Logback checks the order

        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        // %d rolls daily, %i numbers the pieces of one day once a file reaches maxFileSize.
        policy.setFileNamePattern(file.resolveSibling(appName + ".%d{yyyy-MM-dd}.%i.log").toString());
        policy.setMaxFileSize(sizeSetting(MAX_FILE_SIZE_PROPERTY, DEFAULT_MAX_FILE_SIZE));
        policy.setMaxHistory(maxHistorySetting());
        policy.setTotalSizeCap(sizeSetting(TOTAL_SIZE_CAP_PROPERTY, DEFAULT_TOTAL_SIZE_CAP));
        policy.start();

        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context));
        appender.start();
        if (!appender.isStarted()) {
            policy.stop();
            // Logback reports start failures only as status messages; surface them instead of losing logs.
            throw new IllegalArgumentException("Log file " + file + " cannot be opened by Logback: "
                    + "check the path and its permissions or pass a directory this user can write to.");
        }
        return appender;
    }

    private static Appender<ILoggingEvent> consoleAppender(LoggerContext context, Logger root) {
        Appender<ILoggingEvent> existing = root.getAppender(CONSOLE_APPENDER_NAME);
        if (existing != null) {
            return existing;
        }
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(CONSOLE_APPENDER_NAME);
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static FileSize sizeSetting(String property, String defaultValue) {
        String value = System.getProperty(property, defaultValue);
        try {
            return FileSize.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("System property " + property + "=\"" + value
                    + "\" is not a size: use a value such as 100MB or 3GB.", e);
        }
    }

    private static int maxHistorySetting() {
        String value = System.getProperty(MAX_HISTORY_PROPERTY, String.valueOf(DEFAULT_MAX_HISTORY));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("System property " + MAX_HISTORY_PROPERTY + "=\"" + value
                    + "\" is not a number of days: use a whole number such as 30.", e);
        }
    }

    private static Appender<ILoggingEvent> findAppender(LoggerContext context, String name) {
        for (Logger logger : context.getLoggerList()) {
            Appender<ILoggingEvent> appender = logger.getAppender(name);
            if (appender != null && appender.isStarted()) {
                return appender;
            }
        }
        return null;
    }

    private static void inheritFromRoot(LoggerContext context, Logger logger) {
        replaceAppenders(context, logger, null);
        logger.setAdditive(true);
    }

    /** Leaves {@code logger} with only {@code target} (or none) and stops what no other logger still uses. */
    private static void replaceAppenders(LoggerContext context, Logger logger, Appender<ILoggingEvent> target) {
        List<Appender<ILoggingEvent>> detached = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender != target) {
                detached.add(appender);
            }
        }
        if (target != null && !logger.isAttached(target)) {
            logger.addAppender(target); // attach first so no event falls into a gap
        }
        for (Appender<ILoggingEvent> appender : detached) {
            logger.detachAppender(appender);
            if (!attachedAnywhere(context, appender)) {
                appender.stop(); // closes the old file so moving to a new path releases it cleanly
            }
        }
    }

    private static boolean attachedAnywhere(LoggerContext context, Appender<ILoggingEvent> appender) {
        for (Logger logger : context.getLoggerList()) {
            if (logger.isAttached(appender)) {
                return true;
            }
        }
        return false;
    }
}
