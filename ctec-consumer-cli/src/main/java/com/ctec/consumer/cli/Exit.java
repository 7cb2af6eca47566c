package com.ctec.consumer.cli;

/** The exit codes every command returns, so that scripts can tell a bad command line from a failure. */
public final class Exit {
    /** Done as asked (also: a consumer stopped by SIGTERM or Ctrl-C after draining). */
    public static final int OK = 0;
    /** A runtime failure: the broker or ZooKeeper could not be reached, a step did not finish, a publish was not confirmed. */
    public static final int FAILURE = 1;
    /** A usage or configuration error: unknown option, bad value, bad config file, missing worker class. */
    public static final int USAGE = 2;

    private Exit() {
    }
}
