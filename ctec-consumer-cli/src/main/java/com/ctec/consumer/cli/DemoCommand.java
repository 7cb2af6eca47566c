package com.ctec.consumer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ctec-consumer demo}: the newcomer's first command, every way of consuming on throw-away queues. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show the framework at work on a real broker: it declares its own queues (ctec-demo.<id>.*), "
                + "publishes sample messages and consumes them with threads, virtual threads, batches, a forward, "
                + "an RPC call and a poison message that ends in the dead-letter queue; then it deletes its queues. "
                + "Takes a few seconds.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step finished", "1:no broker, or a step did not finish", "2:usage error"})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    private BrokerOptions broker;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "1000",
            description = "messages in each throughput step (default: ${DEFAULT-VALUE})")
    private int messages;

    @Override
    public Integer call() throws InterruptedException {
        if (messages < 10 || messages > 1_000_000) {
            throw CliException.usage("--messages must be between 10 and 1000000 (was " + messages + ").");
        }
        try (Demo demo = Demo.connect(broker.url(), messages, System.out, ProgressLine.stdoutIsTerminal())) {
            return demo.run();
        }
    }
}
