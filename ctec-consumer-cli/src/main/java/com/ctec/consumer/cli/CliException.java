package com.ctec.consumer.cli;

/** A problem told to the user in one sentence, with the exit code the command ends with. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage or configuration error (exit code 2). */
    public static CliException usage(String message) {
        return new CliException(Exit.USAGE, message, null);
    }

    /** A usage or configuration error (exit code 2) with its cause, kept for --debug. */
    public static CliException usage(String message, Throwable cause) {
        return new CliException(Exit.USAGE, message, cause);
    }

    /** A runtime failure (exit code 1). */
    public static CliException failure(String message) {
        return new CliException(Exit.FAILURE, message, null);
    }

    /** A runtime failure (exit code 1) with its cause, kept for --debug. */
    public static CliException failure(String message, Throwable cause) {
        return new CliException(Exit.FAILURE, message, cause);
    }

    /** The exit code of the command. */
    public int exitCode() {
        return exitCode;
    }
}
