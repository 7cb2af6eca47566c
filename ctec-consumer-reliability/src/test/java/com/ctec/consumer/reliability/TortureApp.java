package com.ctec.consumer.reliability;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.Consumer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The user program a torture run launches for the PROCESSES mode and for SIGTERMs: a main that
 * runs a consumer with the torture worker and, in each consuming JVM, appends each
 * {@link Handling#line()} to {@code <dir>/handled-<pid>.txt}, one write per line.
 *
 * <p>Arguments: the output directory, then {@link Setup#args()}, then {@link TortureSettings#args()}.
 */
public final class TortureApp {
    private TortureApp() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Setup setup = Setup.parse(args, 1);
        TortureSettings torture = TortureSettings.parse(args, 1 + setup.args().size());
        boolean consumes = setup.mode() != ConcurrencyMode.PROCESSES || System.getenv("CTEC_CONSUMER_CHILD") != null;
        Consumer consumer = torture.apply(setup.builder()).build();
        try (FileChannel journal = consumes ? FileChannel.open(dir.resolve("handled-" + ProcessHandle.current().pid() + ".txt"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND) : null) {
            torture.register(consumer, setup, handling -> write(journal, handling));
            consumer.run();
        }
        System.out.println("run returned");
    }

    private static void write(FileChannel journal, Handling handling) {
        ByteBuffer buffer = ByteBuffer.wrap(handling.line().getBytes(StandardCharsets.UTF_8));
        synchronized (journal) {
            try {
                while (buffer.hasRemaining()) {
                    journal.write(buffer);
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not write the journal", e);
            }
        }
    }
}
