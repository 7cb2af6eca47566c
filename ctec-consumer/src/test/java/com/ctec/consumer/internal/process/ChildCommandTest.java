package com.ctec.consumer.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** How a supervisor recovers the command line of its own JVM for its children. */
class ChildCommandTest {
    private static final String JAVA = "/opt/jdk/bin/java";

    @Test
    void theArgvIsReusedAsItIsWithArgumentsContainingSpaces() {
        List<String> argv = List.of("-Xmx64m", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", "a.jar:b.jar",
                "com.example.Main", "hello world", "x");

        ChildCommand command = ChildCommand.fromArgv(JAVA, argv, List.of("-Xmx64m", "--add-opens=java.base/java.lang=ALL-UNNAMED"),
                launchedAs("com.example.Main hello world x", "a.jar:b.jar"));

        assertThat(command.command()).containsExactly(JAVA, "-Xmx64m", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", "a.jar:b.jar", "com.example.Main", "hello world", "x");
        assertThat(command.describe()).isEqualTo(JAVA + " ... com.example.Main");
    }

    @Test
    void aDebuggerOptionIsDroppedButTheSameTextAsAProgramArgumentIsKept() {
        String debugger = "-agentlib:jdwp=transport=dt_socket,server=y,address=5005";
        List<String> argv = List.of(debugger, "-jar", "app.jar", "-agentlib:jdwp=as-an-argument");

        ChildCommand command = ChildCommand.fromArgv(JAVA, argv, List.of(debugger), launchedAs("app.jar", "app.jar"));

        assertThat(command.command()).containsExactly(JAVA, "-jar", "app.jar", "-agentlib:jdwp=as-an-argument");
    }

    @Test
    void withoutAnArgvAMainClassLineIsRebuiltFromTheSystemProperties() {
        ChildCommand command = ChildCommand.rebuilt(JAVA, List.of("-Xmx64m", "-Dcom.sun.management.jmxremote.port=9010"),
                launchedAs("com.example.Main one two", "lib/a.jar:classes"));

        assertThat(command.command()).containsExactly(JAVA, "-Xmx64m", "-cp", "lib/a.jar:classes", "com.example.Main", "one", "two");
    }

    @Test
    void withoutAnArgvAJarLaunchIsRebuiltWithDashJar(@TempDir Path dir) throws IOException {
        String jar = Files.createFile(dir.resolve("app.jar")).toString();

        ChildCommand command = ChildCommand.rebuilt(JAVA, List.of(), launchedAs(jar + " --port 1", jar));

        assertThat(command.command()).containsExactly(JAVA, "-jar", jar, "--port", "1");
    }

    @Test
    void withoutAnArgvAModuleLaunchIsRebuiltWithItsModulePath() {
        Properties properties = launchedAs("app/com.example.Main arg", "");
        properties.setProperty("jdk.module.main", "app");
        properties.setProperty("jdk.module.main.class", "com.example.Main");
        properties.setProperty("jdk.module.path", "mods");

        ChildCommand command = ChildCommand.rebuilt(JAVA, List.of(), properties);

        assertThat(command.command()).containsExactly(JAVA, "-p", "mods", "-m", "app/com.example.Main", "arg");
    }

    private static Properties launchedAs(String sunJavaCommand, String classPath) {
        Properties properties = new Properties();
        properties.setProperty("sun.java.command", sunJavaCommand);
        properties.setProperty("java.class.path", classPath);
        return properties;
    }
}
