/**
 * Settle: from the worker's answer to the frame that settles the message; each outcome (forward,
 * reply, retry, dead letter) confirmed by the broker before the ack.
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal.settle;
