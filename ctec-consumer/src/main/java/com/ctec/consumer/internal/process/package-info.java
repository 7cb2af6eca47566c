/**
 * The PROCESSES mode: a supervisor that runs and restarts child JVMs, and what a child needs to
 * know that it is one.
 *
 * <p>Not API (API.md): may change in any release. A type here is public only because another package
 * of the library uses it; {@code PublicSurfaceTest} keeps it so.
 */
package com.ctec.consumer.internal.process;
