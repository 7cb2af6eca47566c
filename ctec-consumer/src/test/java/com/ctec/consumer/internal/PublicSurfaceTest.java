package com.ctec.consumer.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library's {@code internal} packages are not API (API.md): a type there is public only because
 * another package needs it. Java without modules cannot say "public to our own packages only", so
 * this test says it: every public internal type is used from another package of the library, and
 * the project's other modules use only the few internal types listed here, on purpose.
 */
class PublicSurfaceTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final String INTERNAL = "com/ctec/consumer/internal";

    /** The internal types the other modules of this project use, and what for. */
    private static final Map<String, String> USED_BY_OUR_OTHER_MODULES = Map.ofEntries(
            Map.entry("com.ctec.consumer.internal.AmqpUrl", "the CLI and agent parse and redact the same URLs"),
            Map.entry("com.ctec.consumer.internal.AppNames", "the agent and CLI derive the same application names"),
            Map.entry("com.ctec.consumer.internal.Printable", "every printer of outside text escapes it the same way"),
            Map.entry("com.ctec.consumer.internal.StopSignals", "the CLI's consumer group takes SIGTERM from the engine"),
            Map.entry("com.ctec.consumer.internal.connect.BrokerErrors", "the CLI explains broker errors in the engine's words"),
            Map.entry("com.ctec.consumer.internal.connect.Connections", "the CLI connects as the engine does"),
            Map.entry("com.ctec.consumer.internal.process.ChildRuntime", "the agent reports a PROCESSES child as its worker"),
            Map.entry("com.ctec.consumer.internal.publish.ConfirmChannel", "the CLI's publish and dlq commands confirm as the engine does"),
            Map.entry("com.ctec.consumer.internal.publish.Futures", "with ConfirmChannel"),
            Map.entry("com.ctec.consumer.internal.publish.PublishFailedException", "with ConfirmChannel"));

    private static final Pattern PUBLIC_TOP_LEVEL = Pattern.compile(
            "^public (?:final |abstract |sealed |non-sealed )*(?:class|interface|record|enum) (\\w+)", Pattern.MULTILINE);
    private static final Pattern INTERNAL_IMPORT = Pattern.compile("^import (com\\.ctec\\.consumer\\.internal[\\w.]*\\.[A-Z]\\w*);", Pattern.MULTILINE);

    @Test
    void everyPublicInternalTypeIsUsedFromAnotherPackage() {
        Map<String, String> sources = sources(MAIN);
        Set<String> needlessly = new TreeSet<>();
        sources.forEach((file, text) -> {
            if (!file.startsWith(INTERNAL)) {
                return;
            }
            Matcher type = PUBLIC_TOP_LEVEL.matcher(text);
            if (!type.find()) {
                return;
            }
            String pkg = packageOf(file);
            String name = type.group(1);
            String qualified = pkg + "." + name;
            Pattern named = Pattern.compile(Pattern.quote(qualified) + "\\b");
            boolean usedElsewhere = sources.entrySet().stream()
                    .filter(other -> !packageOf(other.getKey()).equals(pkg))
                    .anyMatch(other -> named.matcher(other.getValue()).find() || mentionsAfterWildcard(other.getValue(), pkg, name));
            if (!usedElsewhere && !USED_BY_OUR_OTHER_MODULES.containsKey(qualified)) {
                needlessly.add(qualified);
            }
        });
        assertThat(needlessly).as("public internal types no other package uses: make them package-private").isEmpty();
    }

    @Test
    void ourOtherModulesUseOnlyTheListedInternalTypes() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Path> others;
        try (Stream<Path> modules = Files.list(root)) {
            others = modules.filter(m -> m.getFileName().toString().startsWith("ctec-consumer-"))
                    .map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assumeTrue(!others.isEmpty(), "the other modules' sources are not beside this one (built alone)");
        Map<String, Set<String>> used = new TreeMap<>();
        for (Path module : others) {
            sources(module).forEach((file, text) -> {
                Matcher imported = INTERNAL_IMPORT.matcher(text);
                while (imported.find()) {
                    used.computeIfAbsent(imported.group(1), type -> new TreeSet<>()).add(file);
                }
            });
        }
        assertThat(used.keySet()).as("internal types used by other modules (%s): keep the list deliberate", used)
                .isSubsetOf(USED_BY_OUR_OTHER_MODULES.keySet());
    }

    private static boolean mentionsAfterWildcard(String text, String pkg, String name) {
        return text.contains("import " + pkg + ".*;") && Pattern.compile("\\b" + name + "\\b").matcher(text).find();
    }

    private static String packageOf(String file) {
        return file.substring(0, file.lastIndexOf('/')).replace('/', '.');
    }

    /** Every .java file under {@code dir}, by its path relative to it. */
    private static Map<String, String> sources(Path dir) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(dir.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }
}
