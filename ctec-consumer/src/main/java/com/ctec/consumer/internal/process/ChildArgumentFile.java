package com.ctec.consumer.internal.process;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A child JVM's command line with its arguments moved into a {@code java @argfile} that only this
 * user can read (mode 0600), so that {@code /proc/<child pid>/cmdline} and {@code ps} show
 * {@code java @/tmp/ctec-child-....args} instead of the program's arguments (an AMQP URL with its
 * password, a {@code --zookeeper-digest}). The child's JVM reads the file at launch and sees the
 * very same arguments. The child deletes the file once it runs ({@link #deleteOwn()}); {@link
 * #close()} deletes it after the child's exit in case it did not get that far.
 *
 * <p>The launcher expands @-files only until it has found the main class (or {@code -jar},
 * {@code -m}), never inside another @-file, and not after {@code --disable-@files}. So an @-file
 * of the parent's own, which the launcher expanded before the main class, cannot go inside ours:
 * everything from it on stays on the command line as the parent had it (the parent showed it
 * too). Arguments starting with {@code @} after the main class are plain arguments and go in the file.
 */
final class ChildArgumentFile implements AutoCloseable {
    /** Set in the child's environment to its file, which the child deletes once it runs ({@link #deleteOwn()}). */
    static final String ENV = "CTEC_CONSUMER_ARGS_FILE";
    private static final String PREFIX = "ctec-child-";
    private static final String SUFFIX = ".args";
    private static final FileAttribute<?>[] OWNER_ONLY = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];
    /** The launcher's options whose value is the next argument (IsWhiteSpaceOption in the JDK's launcher). */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--enable-native-access", "--limit-modules", "--add-exports",
            "--add-opens", "--add-reads", "--patch-module", "--describe-module", "-d", "--source");

    private final List<String> command;
    private final Path file;

    private ChildArgumentFile(List<String> command, Path file) {
        this.command = List.copyOf(command);
        this.file = file;
    }

    /** Writes the arguments of {@code command} (launcher first) into a file and returns the short command line. */
    static ChildArgumentFile write(List<String> command) throws IOException {
        List<String> arguments = command.subList(1, command.size());
        int kept = firstExpandedByTheLauncher(arguments);
        List<String> line = new ArrayList<>(List.of(command.getFirst()));
        Path file = null;
        if (kept > 0) {
            file = Files.createTempFile(PREFIX + ProcessHandle.current().pid() + "-", SUFFIX, OWNER_ONLY);
            StringBuilder text = new StringBuilder();
            arguments.subList(0, kept).forEach(argument -> text.append(quote(argument)).append('\n'));
            try {
                // The launcher reads the file in the platform's encoding, as it reads the command line itself.
                Files.writeString(file, text, Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name())));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            line.add("@" + file);
        }
        line.addAll(arguments.subList(kept, arguments.size()));
        return new ChildArgumentFile(line, file);
    }

    /**
     * The index of the first argument the launcher would expand as an @-file (all of them when none):
     * the launcher's own scan (args.c), which stops expanding at the main class.
     */
    private static int firstExpandedByTheLauncher(List<String> arguments) {
        boolean expectingValue = false;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith("@") && argument.length() > 1) {
                return i;
            }
            if (argument.equals("--disable-@files")) {
                return arguments.size();
            }
            if (argument.startsWith("-")) {
                // -jar, -m and --module take a value too, but that value counts as the main class.
                expectingValue = OPTIONS_WITH_VALUE.contains(argument);
                if (argument.startsWith("--module=")) {
                    return arguments.size();
                }
            } else if (expectingValue) {
                expectingValue = false;
            } else {
                return arguments.size();  // the main class: nothing after it is expanded
            }
        }
        return arguments.size();
    }

    /** The file, or empty when there were no arguments to hide. */
    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * In a child: deletes the file its JVM was started from, which it has read; so the file lives
     * only while the child starts, even if the supervisor is killed with {@code kill -9}. Only a
     * file named as this class names them is deleted, whatever the variable says.
     */
    static void deleteOwn() {
        String own = System.getenv(ENV);
        if (own == null) {
            return;
        }
        Path path = Path.of(own);
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
            new ChildArgumentFile(List.of(), path).close();
        }
    }

    /** The command line to start: the launcher and @-files. */
    List<String> command() {
        return command;
    }

    /** Deletes the file; the child's JVM read it when it started. */
    @Override
    public void close() {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Owner-only and in the temporary directory: the next tmp cleaner removes it.
        }
    }

    /** One argument as a double-quoted token of the launcher's @-file syntax. */
    static String quote(String argument) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : argument.toCharArray()) {
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\f' -> quoted.append("\\f");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
