package com.ctec.consumer.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code run} will start, after layering the sources of settings. From weakest to strongest:
 * built-in defaults, the config file's top, the file's consumer entry, {@code CTEC_<SETTING>},
 * {@code CTEC_<CONSUMER>__<SETTING>}, then command-line flags. Environment variables override the
 * file so that one image can be configured per container; flags override both for a quick test.
 */
record RunPlan(Map<Setting, Sourced> process, List<Spec> consumers) {

    /** One consumer to start: its name (the file's {@code name}, else its queue) and its settings. */
    record Spec(String name, Map<Setting, Sourced> settings) {
        Optional<String> get(Setting setting) {
            return Optional.ofNullable(settings.get(setting)).map(Sourced::value);
        }

        Sourced source(Setting setting) {
            return settings.get(setting);
        }
    }

    static RunPlan resolve(ConfigFile file, Map<String, String> env, Map<Setting, String> flags, PrintStream warnings) {
        Map<String, Map<Setting, Sourced>> entries = new LinkedHashMap<>();
        Map<Setting, Sourced> top = new EnumMap<>(Setting.class);
        if (file != null) {
            top.putAll(file.top());
            entries.putAll(file.consumers());
            if (entries.isEmpty()) {
                throw CliException.usage("The config file lists no consumers: add a `consumers:` list with at least one `- queue: NAME` and its `worker:`.");
            }
        } else {
            entries.put("", new EnumMap<>(Setting.class));
        }
        Map<Setting, Sourced> globalEnv = new EnumMap<>(Setting.class);
        Map<Setting, Sourced> flagValues = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = env.get(s.envName());
            if (value != null && !value.isBlank()) {
                globalEnv.put(s, new Sourced(value.trim(), "environment variable " + s.envName()));
            }
            if (flags.containsKey(s)) {
                flagValues.put(s, new Sourced(flags.get(s), "option " + s.flag()));
            }
        }
        Map<Setting, Sourced> process = new EnumMap<>(Setting.class);
        List<Spec> specs = new ArrayList<>();
        for (Map.Entry<String, Map<Setting, Sourced>> entry : entries.entrySet()) {
            Map<Setting, Sourced> merged = new EnumMap<>(Setting.class);
            merged.putAll(top);
            merged.putAll(entry.getValue());
            merged.putAll(globalEnv);
            if (!entry.getKey().isEmpty()) {
                merged.putAll(consumerEnv(entry.getKey(), env));
            }
            merged.putAll(flagValues);
            String name = entry.getKey().isEmpty() ? Optional.ofNullable(merged.get(Setting.QUEUE)).map(Sourced::value).orElse("")
                    : entry.getKey();
            specs.add(new Spec(name, consumerSettings(merged)));
            merged.forEach((s, v) -> {
                if (s.scope() == Setting.Scope.PROCESS) {
                    process.put(s, v);
                }
            });
        }
        warnUnknownConsumerVariables(env, entries.keySet(), warnings);
        RunPlan plan = new RunPlan(process, specs);
        plan.validate(file != null);
        return plan;
    }

    Optional<String> processSetting(Setting setting) {
        return Optional.ofNullable(process.get(setting)).map(Sourced::value);
    }

    private void validate(boolean fromFile) {
        for (Spec spec : consumers) {
            String where = fromFile ? "consumer '" + spec.name() + "' of the config file" : null;
            if (spec.get(Setting.QUEUE).isEmpty()) {
                throw CliException.usage(where == null
                        ? "No queue to consume: pass --queue NAME and --worker CLASS, or --config FILE (see ctec-consumer run --help)."
                        : "The " + where + " has no queue: add `queue: NAME`.");
            }
            if (spec.get(Setting.WORKER).isEmpty()) {
                throw CliException.usage(where == null
                        ? "No worker for queue '" + spec.name() + "': pass --worker CLASS (e.g. --worker PrintWorker)."
                        : "The " + where + " has no worker: add `worker: CLASS` (e.g. PrintWorker).");
            }
        }
        boolean processesMode = consumers.stream().anyMatch(s -> s.get(Setting.MODE)
                .map(m -> m.trim().equalsIgnoreCase("PROCESSES")).orElse(false));
        if (processesMode && consumers.size() > 1) {
            throw CliException.usage("PROCESSES mode starts child JVMs that run the whole command again, so it works with one consumer per process only: "
                    + "run a separate ctec-consumer for that queue, or use THREADS or VIRTUAL_THREADS.");
        }
    }

    private static Map<Setting, Sourced> consumerEnv(String consumer, Map<String, String> env) {
        Map<Setting, Sourced> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = env.get(s.envName(consumer));
            if (value != null && !value.isBlank() && s.scope() == Setting.Scope.CONSUMER) {
                values.put(s, new Sourced(value.trim(), "environment variable " + s.envName(consumer)));
            }
        }
        return values;
    }

    private static Map<Setting, Sourced> consumerSettings(Map<Setting, Sourced> merged) {
        Map<Setting, Sourced> own = new EnumMap<>(Setting.class);
        merged.forEach((s, v) -> {
            if (s.scope() == Setting.Scope.CONSUMER) {
                own.put(s, v);
            }
        });
        return own;
    }

    /** A CTEC_X__Y variable that matches no consumer or setting is most likely a typo: say so instead of ignoring it. */
    private static void warnUnknownConsumerVariables(Map<String, String> env, Iterable<String> consumers, PrintStream warnings) {
        for (String variable : env.keySet()) {
            if (!variable.startsWith("CTEC_") || !variable.contains("__")) {
                continue;
            }
            boolean known = false;
            for (String consumer : consumers) {
                for (Setting s : Setting.values()) {
                    known |= !consumer.isEmpty() && variable.equals(s.envName(consumer));
                }
            }
            if (!known) {
                warnings.println("Warning: environment variable " + variable
                        + " matches no consumer of the config file and no setting (form: CTEC_<CONSUMER>__<SETTING>); it is ignored.");
            }
        }
    }
}
