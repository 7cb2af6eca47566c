/**
 * Work: the guarded call of user code (any throwable or null becomes a failure) and the watch that
 * reports slow calls.
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal.work;
