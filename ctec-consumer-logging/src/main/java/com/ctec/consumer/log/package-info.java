/**
 * Per-application log files on Logback, the Java port of the Python {@code consumer_log} module.
 */
package com.ctec.consumer.log;
