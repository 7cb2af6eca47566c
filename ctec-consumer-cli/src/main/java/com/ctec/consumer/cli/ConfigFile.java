package com.ctec.consumer.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The {@code --config} file of {@code run}: settings at the top apply to every consumer, and a
 * {@code consumers} list (YAML) or {@code consumers.<name>.<key>} keys (.properties) name each
 * consumer's own. Any problem is a usage error naming the file, and the line where YAML says.
 */
record ConfigFile(Map<Setting, Sourced> top, Map<String, Map<Setting, Sourced>> consumers) {
    private static final String CONSUMERS = "consumers";

    static ConfigFile read(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".properties")) {
                return fromProperties(file);
            }
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return fromYaml(file);
            }
        } catch (NoSuchFileException e) {
            throw CliException.usage("Config file " + file + " does not exist: check the path given to --config.");
        } catch (IOException e) {
            throw CliException.usage("Cannot read config file " + file + " (" + e.getMessage() + "): check its permissions.", e);
        }
        throw CliException.usage("Config file " + file + " is neither .yaml, .yml nor .properties: rename it so its format is known.");
    }

    private static ConfigFile fromYaml(Path file) throws IOException {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw CliException.usage("Config file " + file + " is not valid YAML" + (mark == null ? "" : " at line "
                    + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)) + ": " + e.getProblem() + ".", e);
        } catch (YAMLException e) {
            throw CliException.usage("Config file " + file + " is not valid YAML: " + e.getMessage() + ".", e);
        }
        if (document == null) {
            throw CliException.usage("Config file " + file + " is empty: list the consumers under `consumers:` (see docs/cli.md).");
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw CliException.usage("Config file " + file + " must be a YAML mapping of settings with a `consumers:` list (see docs/cli.md).");
        }
        Map<Setting, Sourced> top = new EnumMap<>(Setting.class);
        Map<String, Map<Setting, Sourced>> consumers = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : root.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (key.equals(CONSUMERS)) {
                yamlConsumers(file, entry.getValue(), consumers);
            } else {
                put(top, key, entry.getValue(), file + "", file, null);
            }
        }
        return new ConfigFile(top, consumers);
    }

    private static void yamlConsumers(Path file, Object list, Map<String, Map<Setting, Sourced>> consumers) {
        if (!(list instanceof List<?> items)) {
            throw CliException.usage("In " + file + ", `consumers` must be a list of consumers, each starting with `- queue: NAME`.");
        }
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                throw CliException.usage("In " + file + ", consumer #" + (i + 1) + " must be a mapping such as `- queue: orders`.");
            }
            Object explicitName = item.get("name");
            Object queue = item.get("queue");
            String consumer = explicitName != null ? explicitName.toString()
                    : queue != null ? queue.toString() : "#" + (i + 1);
            if (consumers.containsKey(consumer)) {
                throw CliException.usage("In " + file + ", two consumers are named '" + consumer
                        + "': give one of them another `name:`.");
            }
            Map<Setting, Sourced> settings = new EnumMap<>(Setting.class);
            for (Map.Entry<?, ?> entry : item.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (!key.equals("name")) {
                    put(settings, key, entry.getValue(), file + ", consumer '" + consumer + "'", file, consumer);
                }
            }
            consumers.put(consumer, settings);
        }
    }

    private static ConfigFile fromProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("Config file " + file + " is not a valid .properties file: " + e.getMessage() + ".", e);
        }
        Map<Setting, Sourced> top = new EnumMap<>(Setting.class);
        Map<String, Map<Setting, Sourced>> consumers = new LinkedHashMap<>();
        // Sorted, so that consumers come in a stable order whatever the hash order of Properties.
        for (Map.Entry<String, String> entry : new TreeMap<>(asStrings(properties)).entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(CONSUMERS + ".")) {
                put(top, key, entry.getValue(), file + "", file, null);
                continue;
            }
            String rest = key.substring(CONSUMERS.length() + 1);
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                throw CliException.usage("In " + file + ", key '" + key + "' must look like consumers.<name>.<setting>, e.g. consumers.orders.queue.");
            }
            String consumer = rest.substring(0, dot);
            put(consumers.computeIfAbsent(consumer, c -> new EnumMap<>(Setting.class)), rest.substring(dot + 1),
                    entry.getValue(), file + ", consumer '" + consumer + "'", file, consumer);
        }
        return new ConfigFile(top, consumers);
    }

    private static void put(Map<Setting, Sourced> target, String key, Object value, String source, Path file, String consumer) {
        Setting setting = Setting.byKey(key).orElseThrow(() -> CliException.usage("Unknown setting '" + key + "' in "
                + source + ": " + Setting.suggest(key) + "."));
        if (consumer != null && setting.scope() == Setting.Scope.PROCESS) {
            throw CliException.usage("'" + key + "' holds for the whole process: in " + file
                    + ", move it from consumer '" + consumer + "' to the top of the file.");
        }
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw CliException.usage("Setting '" + key + "' in " + source + " needs a single value, e.g. `" + key + ": "
                    + example(setting) + "`.");
        }
        target.put(setting, new Sourced(value.toString(), source));
    }

    private static String example(Setting setting) {
        return setting.isBoolean() ? "true" : setting.label().equals("N") ? "10" : setting.label().toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, String> asStrings(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k).trim()));
        return map;
    }
}
