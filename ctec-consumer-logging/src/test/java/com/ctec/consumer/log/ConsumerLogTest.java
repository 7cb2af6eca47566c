package com.ctec.consumer.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class ConsumerLogTest {

    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void resetLogback() {
        // reset() stops (and so flushes and closes) every appender and clears levels, isolating the tests.
        context().reset();
        MDC.clear();
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static List<Appender<ILoggingEvent>> appenders(String loggerName) {
        List<Appender<ILoggingEvent>> result = new ArrayList<>();
        context().getLogger(loggerName).iteratorForAppenders().forEachRemaining(result::add);
        return result;
    }

    @Test
    void writesLinesToAppNameLogFile() throws IOException {
        Logger log = ConsumerLog.getLogger("orders", dir.toString(), false);

        log.info("hello {}", "world");

        assertThat(log.getName()).isEqualTo("orders");
        assertThat(lines(dir.resolve("orders.log"))).singleElement().asString()
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[.+] orders - hello world");
    }

    @Test
    void createsMissingLogDirectory() throws IOException {
        Path nested = dir.resolve("a/b/c");

        ConsumerLog.getLogger("orders", nested.toString(), false).info("created");

        assertThat(lines(nested.resolve("orders.log"))).anyMatch(line -> line.endsWith("created"));
    }

    @Test
    void debugLinesAppearOnlyWhenDebugIsTrue() throws IOException {
        ConsumerLog.getLogger("quiet", dir.toString(), false).debug("hidden detail");
        ConsumerLog.getLogger("chatty", dir.toString(), true).debug("visible detail");

        assertThat(lines(dir.resolve("quiet.log"))).isEmpty();
        assertThat(lines(dir.resolve("chatty.log"))).singleElement().asString()
                .contains("DEBUG").endsWith("visible detail");
    }

    @Test
    void callingGetLoggerTwiceDoesNotDuplicateLines() throws IOException {
        Logger first = ConsumerLog.getLogger("orders", dir.toString(), false);
        Logger second = ConsumerLog.getLogger("orders", dir.toString(), false);

        second.info("once");

        assertThat(second).isSameAs(first);
        assertThat(appenders("orders")).hasSize(1);
        assertThat(lines(dir.resolve("orders.log"))).singleElement().asString().endsWith("once");
    }

    @Test
    void configureThenGetLoggerWritesEachLineOnce() throws IOException {
        ConsumerLog.configure("orders", dir.toString(), false);
        Logger log = ConsumerLog.getLogger("orders", dir.toString(), false);

        log.info("once");

        assertThat(lines(dir.resolve("orders.log"))).singleElement().asString().endsWith("once");
    }

    @Test
    void configureSendsEverySlf4jLoggerToTheAppFile() throws IOException {
        ConsumerLog.configure("orders", dir.toString(), false);

        LoggerFactory.getLogger("com.example.Anything").info("from a library");
        LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME).warn("from root");

        assertThat(lines(dir.resolve("orders.log")))
                .anyMatch(line -> line.contains("com.example.Anything") && line.endsWith("from a library"))
                .anyMatch(line -> line.contains("WARN") && line.endsWith("from root"));
        assertThat(appenders(Logger.ROOT_LOGGER_NAME)).singleElement().isInstanceOf(RollingFileAppender.class);
    }

    @Test
    void configureWithDebugFalseDropsDebugLinesOfEveryLogger() throws IOException {
        ConsumerLog.configure("orders", dir.toString(), false);
        LoggerFactory.getLogger("com.example.Anything").debug("hidden");
        ConsumerLog.configure("orders", dir.toString(), true);
        LoggerFactory.getLogger("com.example.Anything").debug("shown");

        assertThat(lines(dir.resolve("orders.log"))).singleElement().asString().endsWith("shown");
    }

    @Test
    void childIndexFromMdcAppearsInLineAndIsOmittedWhenAbsent() throws IOException {
        Logger log = ConsumerLog.getLogger("orders", dir.toString(), false);

        log.info("parent");
        MDC.put(ConsumerLog.CHILD_MDC_KEY, "2");
        log.info("child");

        assertThat(lines(dir.resolve("orders.log"))).satisfiesExactly(
                parent -> assertThat(parent).endsWith(" orders - parent").doesNotContain("child "),
                child -> assertThat(child).endsWith(" orders [child 2] - child"));
    }

    @Test
    void reconfiguringWithAnotherPathMovesOutputAndStopsOldAppender() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        ConsumerLog.configure("orders", first.toString(), false);
        Appender<ILoggingEvent> old = appenders(Logger.ROOT_LOGGER_NAME).get(0);
        LoggerFactory.getLogger("x").info("before");

        ConsumerLog.configure("orders", second.toString(), false);
        LoggerFactory.getLogger("x").info("after");

        assertThat(old.isStarted()).isFalse();
        assertThat(appenders(Logger.ROOT_LOGGER_NAME)).singleElement().isNotSameAs(old);
        assertThat(lines(first.resolve("orders.log"))).singleElement().asString().endsWith("before");
        assertThat(lines(second.resolve("orders.log"))).singleElement().asString().endsWith("after");
    }

    @Test
    void getLoggerWithAnotherPathMovesTheAppLogger() throws IOException {
        ConsumerLog.getLogger("orders", dir.resolve("first").toString(), false).info("before");
        ConsumerLog.getLogger("orders", dir.resolve("second").toString(), false).info("after");

        assertThat(appenders("orders")).singleElement();
        assertThat(lines(dir.resolve("first/orders.log"))).singleElement().asString().endsWith("before");
        assertThat(lines(dir.resolve("second/orders.log"))).singleElement().asString().endsWith("after");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void withoutLogPathConfigureLogsToStdout(String blankPath) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConsumerLog.configure("orders", blankPath, false);
            LoggerFactory.getLogger("com.example.Anything").info("to stdout");
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .containsPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[.+] com.example.Anything - to stdout");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void regularFileUsedAsLogPathIsRejectedWithClearMessage() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> ConsumerLog.getLogger("orders", file.toString(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Log path " + file + " is a file, not a directory: "
                        + "pass a directory (it is created if missing) or remove that file.");
    }

    @Test
    void logPathBelowARegularFileIsRejectedWithClearMessage() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path below = file.resolve("logs");

        assertThatThrownBy(() -> ConsumerLog.configure("orders", below.toString(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Log path " + below + " cannot be created")
                .hasMessageContaining(file.toString())
                .hasMessageEndingWith("pass a directory this user can write to.");
    }

    @Test
    void readOnlyLogPathIsRejectedWithClearMessage() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeFalse(Files.isWritable(readOnly), "root ignores permissions");

        assertThatThrownBy(() -> ConsumerLog.getLogger("orders", readOnly.toString(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Log path " + readOnly + " is not writable:");
    }

    @Test
    void failedConfigureLeavesPreviousOutputInPlace() throws IOException {
        ConsumerLog.configure("orders", dir.toString(), false);
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> ConsumerLog.configure("orders", file.toString(), false))
                .isInstanceOf(IllegalArgumentException.class);
        LoggerFactory.getLogger("x").info("still here");

        assertThat(lines(dir.resolve("orders.log"))).singleElement().asString().endsWith("still here");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void blankAppNameIsRejected(String appName) {
        assertThatThrownBy(() -> ConsumerLog.getLogger(appName, dir.toString(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("App name must not be blank:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".hidden", "a\\b", "my app", "x:y", "-rf"})
    void unsafeAppNameIsRejected(String appName) {
        assertThatThrownBy(() -> ConsumerLog.configure(appName, dir.toString(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("App name \"" + appName + "\" is not a safe file name:");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void rollsDailyWithDocumentedCaps() {
        ConsumerLog.getLogger("orders", dir.toString(), false);

        RollingFileAppender<?> appender = (RollingFileAppender<?>) appenders("orders").get(0);
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) appender.getRollingPolicy();
        assertThat(appender.getFile()).isEqualTo(dir.resolve("orders.log").toString());
        assertThat(policy.getFileNamePattern()).isEqualTo(dir.resolve("orders.%d{yyyy-MM-dd}.%i.log").toString());
        assertThat(policy.getMaxHistory()).isEqualTo(30);
    }

    @Test
    void rollsToNumberedFileWhenMaxFileSizeIsReached() throws IOException {
        System.setProperty(ConsumerLog.MAX_FILE_SIZE_PROPERTY, "1KB");
        try {
            Logger log = ConsumerLog.getLogger("orders", dir.toString(), false);
            for (int i = 0; i < 200; i++) {
                log.info("line {} {}", i, "x".repeat(50));
            }
        } finally {
            System.clearProperty(ConsumerLog.MAX_FILE_SIZE_PROPERTY);
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("orders.log")
                    .anyMatch(name -> name.matches("orders\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log"));
        }
    }

    @Test
    void invalidSizePropertyIsRejectedWithClearMessage() {
        System.setProperty(ConsumerLog.TOTAL_SIZE_CAP_PROPERTY, "lots");
        try {
            assertThatThrownBy(() -> ConsumerLog.getLogger("orders", dir.toString(), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("System property ctec.log.totalSizeCap=\"lots\" is not a size: "
                            + "use a value such as 100MB or 3GB.");
        } finally {
            System.clearProperty(ConsumerLog.TOTAL_SIZE_CAP_PROPERTY);
        }
    }

    @Test
    void concurrentGetLoggerCallsShareOneAppender() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                calls.add(() -> {
                    ConsumerLog.getLogger("orders", dir.toString(), false).info("call {}", n);
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(calls)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(appenders("orders")).hasSize(1);
        assertThat(lines(dir.resolve("orders.log"))).hasSize(32);
    }
}
