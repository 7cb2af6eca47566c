package com.ctec.consumer.internal.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A child started through argument files gets exactly the arguments it would have had on its command line. */
class ChildArgumentFileTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElseThrow();
    private static final List<String> AWKWARD = List.of("amqp://u:S3cret@h:5672/", "two words", "", "quote\"d",
            "back\\slash\\", "line\nbreak", "tab\there", "#not-a-comment", "é中", "@not-a-file", "@@double", "'single'");

    @TempDir
    Path dir;

    @Test
    void theChildSeesEveryArgumentAsItWasAndTheCommandLineShowsNone() throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dctec.test=x y", "-cp", System.getProperty("java.class.path"),
                PrintArguments.class.getName()));
        command.addAll(AWKWARD);

        try (ChildArgumentFile files = ChildArgumentFile.write(command)) {
            assertThat(files.command()).hasSize(2);
            assertThat(files.command().getFirst()).isEqualTo(JAVA);
            Path file = Path.of(files.command().get(1).substring(1));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(String.join(" ", files.command())).doesNotContain("S3cret");

            List<String> printed = run(files.command());

            assertThat(printed.getFirst()).isEqualTo("property x y");
            assertThat(printed.subList(1, printed.size()).stream().map(ChildArgumentFileTest::decode).toList())
                    .containsExactlyElementsOf(AWKWARD);
        }
    }

    @Test
    void theParentsOwnArgumentFileAndWhatFollowsStayOnTheCommandLineAndAreExpandedAsBefore() throws Exception {
        Path theirs = Files.writeString(dir.resolve("theirs.args"), "-Dctec.test=from-their-file\n");
        List<String> command = List.of(JAVA, "-Xmx64m", "@" + theirs, "-cp", System.getProperty("java.class.path"),
                PrintArguments.class.getName(), "after", "@" + theirs);

        try (ChildArgumentFile files = ChildArgumentFile.write(command)) {
            // Only the launcher knows whether their file holds the main class: from it on, the line is the parent's.
            assertThat(files.command()).hasSize(8);
            assertThat(files.command().subList(2, 8)).isEqualTo(command.subList(2, 8));

            List<String> printed = run(files.command());

            assertThat(printed.getFirst()).isEqualTo("property from-their-file");
            assertThat(printed.subList(1, printed.size()).stream().map(ChildArgumentFileTest::decode).toList())
                    .containsExactly("after", "@" + theirs);
        }
    }

    @Test
    void anArgumentStartingWithAtAfterTheJarOrModuleIsPlainAndGoesInTheFile() throws Exception {
        for (List<String> command : List.of(List.of(JAVA, "-cp", "a.jar", "-jar", "app.jar", "@x"),
                List.of(JAVA, "-m", "app/com.example.Main", "@x"), List.of(JAVA, "--module=app", "@x"),
                List.of(JAVA, "--disable-@files", "-cp", "a.jar", "@x"))) {
            try (ChildArgumentFile files = ChildArgumentFile.write(command)) {
                assertThat(files.command()).as(command.toString()).hasSize(2);
            }
        }
    }

    @Test
    void closeDeletesTheFiles() throws Exception {
        ChildArgumentFile files = ChildArgumentFile.write(List.of(JAVA, "-version"));
        Path file = Path.of(files.command().get(1).substring(1));
        assertThat(file).exists();

        files.close();

        assertThat(file).doesNotExist();
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output.lines().toList();
    }

    private static String decode(String line) {
        return new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8);
    }
}
