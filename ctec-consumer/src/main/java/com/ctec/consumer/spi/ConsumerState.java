package com.ctec.consumer.spi;

/** Where a consumer is in its life; the registry shows RUNNING, RECOVERING and STOPPING. */
public enum ConsumerState {
    /** Built or started, first connection not made yet. */
    STARTING,
    /** Subscribed and consuming. */
    RUNNING,
    /** The broker connection or channel was lost; reconnecting with backoff. */
    RECOVERING,
    /** Stop asked: no new deliveries, in-flight work finishing. */
    STOPPING,
    /** Connections closed; {@code run()} has returned. */
    STOPPED
}
