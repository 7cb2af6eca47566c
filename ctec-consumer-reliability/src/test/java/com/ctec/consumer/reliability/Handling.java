package com.ctec.consumer.reliability;

/**
 * One worker call for one message, as the torture worker wrote it down when it decided: the id,
 * the attempt the engine gave, what the worker did with it, and when (epoch ms). Workers in child
 * processes write it as a line {@code <id> <attempt> <choice> <millis>}.
 */
record Handling(int id, int attempt, Choice choice, long millis) {
    String line() {
        return id + " " + attempt + " " + choice + " " + millis + "\n";
    }

    /** The handling a {@link #line()} holds, or null if it is not one. */
    static Handling parse(String[] parts) {
        if (parts.length != 4) {
            return null;
        }
        return new Handling(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Choice.valueOf(parts[2]), Long.parseLong(parts[3]));
    }
}
