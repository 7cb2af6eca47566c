package com.ctec.consumer.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI's config file reader, on any file content (YAML or .properties): it reads a config or
 * refuses the file with a usage error naming it, never another exception.
 */
class ConfigFileFuzzTest {
    private static final Path DIR = directory();

    @FuzzTest(maxDuration = "5s")
    void anyFileIsReadOrRefusedWithAUsageError(FuzzedDataProvider data) throws IOException {
        Path file = DIR.resolve(data.consumeBoolean() ? "config.yaml" : "config.properties");
        Files.write(file, data.consumeRemainingAsBytes());
        try {
            ConfigFile.read(file);
        } catch (CliException refused) {
            if (refused.exitCode() != Exit.USAGE || !refused.getMessage().contains(file.toString())) {
                throw new AssertionError("not a usage error naming the file: " + refused.getMessage(), refused);
            }
        }
    }

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("ctec-config-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
