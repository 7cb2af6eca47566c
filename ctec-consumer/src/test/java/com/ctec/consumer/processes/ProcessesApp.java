package com.ctec.consumer.processes;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The program the processes tests launch: an ordinary main that runs a PROCESSES-mode consumer
 * and, in each child, appends one line {@code <body> <child index> <pid>} per handled message to
 * {@code <dir>/handled-<pid>.txt}.
 *
 * <p>Arguments: queue, processes, behaviour ({@code normal} or {@code exit-at-start}: every child
 * exits with code 3 at once), output directory, milliseconds each message takes, the AMQP URL
 * (with its password, as a user's program might take it).
 */
public final class ProcessesApp {
    static final int PREFETCH = 30;
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private ProcessesApp() {
    }

    public static void main(String[] args) throws IOException {
        String queue = args[0];
        int processes = Integer.parseInt(args[1]);
        String behaviour = args[2];
        Path dir = Path.of(args[3]);
        long millis = Long.parseLong(args[4]);
        String url = args[5];
        String child = System.getenv("CTEC_CONSUMER_CHILD");
        if (child != null && behaviour.equals("exit-at-start")) {
            System.out.println("exit-at-start: exiting with code 3");
            System.exit(3);
        }
        Consumer consumer = Consumer.builder(url, queue).mode(ConcurrencyMode.PROCESSES).processes(processes)
                .prefetch(PREFETCH).threads(5).shutdownTimeout(SHUTDOWN_TIMEOUT).agent(false).build();
        long pid = ProcessHandle.current().pid();
        // Opened in the children only: the supervisor never calls the worker.
        try (FileChannel handled = child == null ? null : FileChannel.open(dir.resolve("handled-" + pid + ".txt"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            consumer.registerWorker(message -> {
                Thread.sleep(millis);
                // One write per line, which a kill -9 cannot tear: the bytes are in the kernel once write returns.
                ByteBuffer line = ByteBuffer.wrap((message.bodyAsString() + " " + child + " " + pid + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                synchronized (handled) {
                    handled.write(line);
                }
                return ConsumeResult.SUCCESS;
            });
            consumer.run();
        }
    }
}
