/**
 * Ready-made workers for {@code ctec-consumer run --worker NAME} (a bare class name is looked up
 * here) and for the demo; each is also a small example of the worker contract.
 */
package com.ctec.consumer.cli.examples;
