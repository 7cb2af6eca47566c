/**
 * What every step of a message's way shares: the settings, the AMQP URL, a delivery and its
 * session, the counters, the listeners, the {@code x-ctec-*} headers, the dead-letter route, and
 * the small JSON and printing helpers.
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal;
