package com.ctec.consumer.internal;

/**
 * What may name an app: it becomes one ZooKeeper path segment of the registry
 * ({@code <root>/<appName>/<hostIp>:<pid>}) and a log file name, so it must be one segment that
 * ZooKeeper accepts and a terminal prints as it is.
 */
public final class AppNames {
    /** Longer names are refused: they would only be cut on every page that shows them. */
    public static final int MAX_LENGTH = 200;

    private AppNames() {
    }

    /** Why {@code name} cannot name an app, as a phrase ("holds a '/'"), or null when it can. */
    public static String problem(String name) {
        if (name.isBlank()) {
            return "is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is a relative path segment";
        }
        if (name.length() > MAX_LENGTH) {
            return "is " + name.length() + " characters long (at most " + MAX_LENGTH + ")";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                return "holds a '/'";
            }
            if (!allowedByZooKeeper(c)) {
                return String.format("holds the character U+%04X, which ZooKeeper does not allow in a path", (int) c);
            }
        }
        return null;
    }

    /**
     * {@code name} made into a path segment ZooKeeper accepts, for names the builder did not check
     * (the queue name stands in when no appName was given): '/', control and other characters
     * ZooKeeper refuses become '_', and "." or ".." become "_." or "_..".
     */
    public static String segment(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "_" + name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c != '/' && allowedByZooKeeper(c) ? c : '_');
        }
        return out.toString();
    }

    /** ZooKeeper's PathUtils refuses these: null, controls, surrogates and private use, and the specials block. */
    private static boolean allowedByZooKeeper(char c) {
        return !(c <= '\u001f' || (c >= '\u007f' && c <= '\u009f') || (c >= '\ud800' && c <= '\uf8ff') || c >= '\ufff0');
    }
}
