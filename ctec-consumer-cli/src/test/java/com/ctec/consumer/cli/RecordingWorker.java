package com.ctec.consumer.cli;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Worker;
import com.ctec.consumer.WorkerMessage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A worker loaded by the real jar from the test classes (--classpath): it appends
 * {@code <queue> <body>} to the file named by CTEC_TEST_RECORD, then takes 5 ms, so that a
 * SIGTERM lands while messages are in flight.
 */
public final class RecordingWorker implements Worker {
    private static final Path FILE = Path.of(System.getenv("CTEC_TEST_RECORD"));

    @Override
    public ConsumeResult handle(WorkerMessage message) throws IOException, InterruptedException {
        Thread.sleep(5);
        String line = message.queue() + " " + message.bodyAsString() + "\n";
        synchronized (RecordingWorker.class) {
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return ConsumeResult.SUCCESS;
    }
}
