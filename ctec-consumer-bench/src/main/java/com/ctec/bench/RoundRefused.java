package com.ctec.bench;

/** A round whose result must not be reported: a message lost or duplicated, a stall. */
public final class RoundRefused extends Exception {
    private static final long serialVersionUID = 1L;

    public RoundRefused(String why) {
        super(why);
    }
}
