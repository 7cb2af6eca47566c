/**
 * The life of a consumer: connect and subscribe ({@code Subscriber}), receive ({@code
 * DeliveryReceiver}), recover ({@code Reconnection}), drain and stop ({@code ConsumerEngine}), and
 * the one thread per channel that acks ({@code Acknowledger}, {@code AckCoalescer}).
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal.engine;
