/**
 * Publishing with publisher confirms and {@code mandatory}: each publish is a future that completes
 * when the broker has the message.
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal.publish;
