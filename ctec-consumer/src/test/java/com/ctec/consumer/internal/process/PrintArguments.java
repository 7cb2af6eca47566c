package com.ctec.consumer.internal.process;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Prints each argument as one line of Base64 (so that any character survives) and the system property ctec.test. */
public final class PrintArguments {
    private PrintArguments() {
    }

    public static void main(String[] args) {
        System.out.println("property " + System.getProperty("ctec.test"));
        for (String argument : args) {
            System.out.println(Base64.getEncoder().encodeToString(argument.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
