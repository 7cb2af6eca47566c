package com.ctec.consumer.internal.engine;

import com.ctec.consumer.ConcurrencyMode;
import com.ctec.consumer.ConsumerStats;
import com.ctec.consumer.internal.Counters;
import com.ctec.consumer.internal.Settings;
import com.ctec.consumer.spi.ConsumerInfo;
import com.ctec.consumer.spi.ConsumerState;
import com.rabbitmq.client.Connection;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** What listeners see of one consumer: its settings (never the password) and its live state. */
final class EngineInfo implements ConsumerInfo {
    private final Settings settings;
    private final Counters counters;
    private final Supplier<ChannelSession> session;
    private final Supplier<ConsumerState> state;

    EngineInfo(Settings settings, Counters counters, Supplier<ChannelSession> session, Supplier<ConsumerState> state) {
        this.settings = settings;
        this.counters = counters;
        this.session = session;
        this.state = state;
    }

    @Override
    public String appName() {
        return settings.appName();
    }

    @Override
    public String appDesc() {
        return settings.appDesc();
    }

    @Override
    public String queue() {
        return settings.queue();
    }

    @Override
    public String vhost() {
        return settings.url().vhost();
    }

    @Override
    public String brokers() {
        return settings.url().brokers();
    }

    @Override
    public String redactedUrl() {
        return settings.url().redacted();
    }

    @Override
    public Optional<String> connectedBroker() {
        ChannelSession current = session.get();
        if (current == null || !current.connection().isOpen()) {
            return Optional.empty();
        }
        Connection connection = current.connection();
        return Optional.of(connection.getAddress().getHostAddress() + ":" + connection.getPort());
    }

    @Override
    public Optional<String> localAddress() {
        ChannelSession current = session.get();
        if (current == null || !current.connection().isOpen()
                || !(current.connection() instanceof com.rabbitmq.client.impl.NetworkConnection network)) {
            return Optional.empty();
        }
        return Optional.of(network.getLocalAddress().getHostAddress());
    }

    @Override
    public int prefetch() {
        return settings.prefetch();
    }

    @Override
    public int threads() {
        return settings.threads();
    }

    @Override
    public ConcurrencyMode mode() {
        return settings.mode();
    }

    @Override
    public int batchSize() {
        return settings.batchSize();
    }

    @Override
    public Optional<String> zookeeper() {
        return Optional.ofNullable(settings.zookeeper());
    }

    @Override
    public String zookeeperRoot() {
        return settings.zookeeperRoot();
    }

    @Override
    public Duration agentInterval() {
        return settings.agentInterval();
    }

    @Override
    public int metricsPort() {
        return settings.metricsPort();
    }

    @Override
    public String metricsBind() {
        return settings.metricsBind();
    }

    @Override
    public ConsumerState state() {
        return state.get();
    }

    @Override
    public ConsumerStats stats() {
        return counters.snapshot();
    }

    @Override
    public OptionalLong readyMessages() {
        ChannelSession current = session.get();
        return current == null ? OptionalLong.empty() : current.readyMessages(settings.queue());
    }
}
