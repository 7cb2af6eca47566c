/**
 * The connections to the broker (consuming, publishing) and to its management API, and the broker's
 * errors in one sentence each.
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal.connect;
