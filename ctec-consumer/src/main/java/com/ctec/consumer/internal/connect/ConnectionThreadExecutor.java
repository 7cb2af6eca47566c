package com.ctec.consumer.internal.connect;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task at once on the thread that submits it. Given to the consuming connection as
 * its consumer executor, it makes the client's connection thread call the engine's
 * {@code handleDelivery} itself, instead of waking one more thread per delivery to do it: the
 * engine's handler only wraps the delivery and passes it on to the dispatcher, so it never holds
 * up the connection thread. (User code never runs here: it runs on the dispatcher's threads.)
 *
 * <p>The client never shuts down an executor it was given; the engine makes one per connection.
 */
public final class ConnectionThreadExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the consuming connection is closed");
        }
        task.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}
