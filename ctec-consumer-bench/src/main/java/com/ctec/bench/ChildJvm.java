package com.ctec.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link Child} in a new JVM (same java, same jar) and reads its RESULT line. */
public final class ChildJvm {
    /** The child's RESULT values, plus {@code wallMillis}: from spawning the process to reading the line. */
    public static Map<String, Long> run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Child.class.getName());
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, Long> result = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result.put("wallMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    for (String pair : line.substring(7).trim().split(" ")) {
                        String[] kv = pair.split("=");
                        result.put(kv[0], Long.parseLong(kv[1]));
                    }
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        if (result.isEmpty()) {
            throw new RoundRefused("the child JVM reported nothing (exit " + process.exitValue() + "): " + output.toString().strip());
        }
        return result;
    }

    private ChildJvm() {
    }
}
