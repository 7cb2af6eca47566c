package com.ctec.consumer.cli;

/**
 * A setting's text and where it came from ({@code --prefetch}, {@code CTEC_PREFETCH},
 * {@code app.yaml, consumer 'orders'}), so that an error can point at the line to fix.
 */
record Sourced(String value, String source) {
}
