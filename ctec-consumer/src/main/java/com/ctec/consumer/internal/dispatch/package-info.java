/**
 * Dispatch: hands deliveries (or batches) to the worker threads of the concurrency mode, never more
 * in flight than the prefetch.
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal.dispatch;
