package com.ctec.consumer.reliability;

import com.ctec.consumer.ConsumeResult;
import com.ctec.consumer.Consumer;
import com.ctec.consumer.WorkerMessage;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerListener;
import com.ctec.consumer.spi.ConsumerState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The user program the process scenarios launch: an ordinary main that runs a consumer (THREADS,
 * or PROCESSES with child JVMs) and, in each consuming JVM, appends {@code <id> <epoch ms>} per
 * handled message to {@code <dir>/handled-<pid>.txt}, one write per line (a SIGKILL cannot tear it).
 *
 * <p>Arguments: the output directory, then {@link Setup#args()}.
 */
public final class ReliabilityApp {
    private ReliabilityApp() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Setup setup = Setup.parse(args, 1);
        boolean consumes = setup.mode() != com.ctec.consumer.ConcurrencyMode.PROCESSES || System.getenv("CTEC_CONSUMER_CHILD") != null;
        long pid = ProcessHandle.current().pid();
        Consumer consumer = setup.builder().listener(new ConsumerListener() {
            @Override
            public void stateChanged(ConsumerInfo info, ConsumerState from, ConsumerState to) {
                System.out.println("state " + to);
            }
        }).build();
        try (FileChannel handled = consumes ? FileChannel.open(dir.resolve("handled-" + pid + ".txt"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND) : null) {
            if (setup.batchSize() > 1) {
                consumer.registerBatchWorker(batch -> {
                    pace(setup);
                    write(handled, batch);
                    return ConsumeResult.SUCCESS;
                });
            } else {
                consumer.registerWorker(message -> {
                    pace(setup);
                    write(handled, List.of(message));
                    return ConsumeResult.SUCCESS;
                });
            }
            consumer.run();
        }
        System.out.println("run returned");
    }

    private static void pace(Setup setup) throws InterruptedException {
        if (setup.workMillis() > 0) {
            Thread.sleep(setup.workMillis());
        }
    }

    private static void write(FileChannel handled, List<WorkerMessage> messages) throws IOException {
        StringBuilder lines = new StringBuilder();
        long now = System.currentTimeMillis();
        for (WorkerMessage message : messages) {
            lines.append(Ids.id(message.body())).append(' ').append(now).append('\n');
        }
        ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        synchronized (handled) {
            while (buffer.hasRemaining()) {
                handled.write(buffer);
            }
        }
    }
}
