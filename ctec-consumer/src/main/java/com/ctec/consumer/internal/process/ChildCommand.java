package com.ctec.consumer.internal.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The command line that starts a child JVM running the same program as this one: the same java
 * executable, JVM options, class path or jar or module, main class and arguments.
 *
 * <p>It prefers this process's own argv (exact, even for arguments with spaces, {@code -jar},
 * {@code -m}, source files and @argfiles) and rebuilds the line from system properties only when
 * the OS does not tell the argv or the JVM was not started by a {@code java} launcher. Either way
 * it drops the JVM options that bind a fixed port (debugger, JMX remote), which every child after
 * the first would fail to bind.
 */
final class ChildCommand {
    private static final List<String> PORT_BINDING_OPTIONS = List.of("-agentlib:jdwp", "-Xrunjdwp",
            "-Dcom.sun.management.jmxremote.port=", "-Dcom.sun.management.jmxremote.rmi.port=");
    private static final Set<String> LAUNCHERS = Set.of("java", "java.exe", "javaw.exe");

    private final List<String> command;
    private final String main;

    private ChildCommand(List<String> command, String main) {
        this.command = List.copyOf(command);
        this.main = main;
    }

    /** The command of this JVM, as a child should run it. */
    public static ChildCommand ofThisJvm() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Properties properties = System.getProperties();
        Optional<List<String>> arguments = info.arguments().map(Arrays::asList);
        if (info.command().isPresent() && arguments.isPresent() && isLauncher(info.command().get())) {
            return fromArgv(info.command().get(), arguments.get(), jvmOptions, properties);
        }
        String java = Path.of(properties.getProperty("java.home"), "bin", "java").toString();
        return rebuilt(java, jvmOptions, properties);
    }

    /** From a {@code java} launcher's argv (without argv[0]): the same line, minus port-binding JVM options. */
    public static ChildCommand fromArgv(String java, List<String> arguments, List<String> jvmOptions, Properties properties) {
        List<String> command = new ArrayList<>();
        command.add(java);
        // Only a token that is one of the JVM's own options may be dropped, never a program argument.
        arguments.stream().filter(a -> !(jvmOptions.contains(a) && bindsPort(a))).forEach(command::add);
        return new ChildCommand(command, mainName(properties));
    }

    /**
     * From the JVM options and the launcher's system properties ({@code sun.java.command},
     * {@code java.class.path}, {@code jdk.module.*}). Program arguments are split at spaces, as
     * {@code sun.java.command} joined them.
     */
    public static ChildCommand rebuilt(String java, List<String> jvmOptions, Properties properties) {
        List<String> command = new ArrayList<>();
        command.add(java);
        jvmOptions.stream().filter(o -> !bindsPort(o)).forEach(command::add);
        String moduleMain = properties.getProperty("jdk.module.main");
        String classPath = properties.getProperty("java.class.path", "");
        List<String> launched = Arrays.asList(properties.getProperty("sun.java.command", "").trim().split(" +"));
        String first = launched.getFirst();
        if (moduleMain != null) {
            String mainClass = properties.getProperty("jdk.module.main.class");
            command.addAll(List.of("-p", properties.getProperty("jdk.module.path", ""),
                    "-m", mainClass == null ? moduleMain : moduleMain + "/" + mainClass));
            if (!classPath.isEmpty()) {
                command.addAll(List.of("-cp", classPath));
            }
        } else if (first.equals(classPath) && Files.isRegularFile(Path.of(first))) {
            // java -jar app.jar: the launcher makes the jar the whole class path and the first word of the command.
            command.addAll(List.of("-jar", first));
        } else {
            command.addAll(List.of("-cp", classPath, first));
        }
        command.addAll(launched.subList(1, launched.size()));
        return new ChildCommand(command, mainName(properties));
    }

    /** The executable followed by its arguments. */
    public List<String> command() {
        return command;
    }

    /** The launcher and the main class or jar, without options or arguments (they may hold secrets). */
    public String describe() {
        return command.getFirst() + " ... " + main;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static boolean isLauncher(String executable) {
        Path name = Path.of(executable).getFileName();
        return name != null && LAUNCHERS.contains(name.toString());
    }

    private static boolean bindsPort(String option) {
        return PORT_BINDING_OPTIONS.stream().anyMatch(option::startsWith);
    }

    private static String mainName(Properties properties) {
        String moduleMain = properties.getProperty("jdk.module.main");
        if (moduleMain != null) {
            return moduleMain;
        }
        String first = properties.getProperty("sun.java.command", "").trim().split(" +")[0];
        return first.isEmpty() ? "(unknown main class)" : first;
    }
}
