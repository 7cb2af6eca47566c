package com.ctec.consumer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ctec-consumer run}: consumes one queue from flags, or several from a config file, without writing a main. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = {"Consume queues with worker classes, without writing a main.",
            "One consumer from flags (--queue, --worker, ...), or several from --config FILE (YAML or .properties).",
            "Every setting also reads CTEC_<SETTING> (e.g. CTEC_PREFETCH) and, per consumer of the file, "
                    + "CTEC_<CONSUMER>__<SETTING>; flags > environment > file.",
            "Stops gracefully on SIGTERM or Ctrl-C: messages in flight finish and are acknowledged, then exit 0.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM/Ctrl-C after draining", "1:runtime failure (broker unreachable, ...)",
            "2:usage or configuration error (bad option, config file or worker class)"})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML (.yaml/.yml) or .properties file listing consumers (default: $CTEC_CONFIG)")
    private Path config;

    @Option(names = "--credentials", paramLabel = "FILE", description = Credentials.OPTION_DESCRIPTION)
    private Path credentials;

    @Spec
    private CommandSpec spec;

    /** The command with one option per {@link Setting}, generated so that flags, file keys and variables match. */
    static CommandLine create() {
        CommandLine command = new CommandLine(new RunCommand());
        for (Setting setting : Setting.values()) {
            OptionSpec.Builder option = OptionSpec.builder(setting.flag())
                    .paramLabel(setting.label())
                    .description(setting.description())
                    .type(String.class);
            if (setting.isBoolean()) {
                // --rpc alone means true; --rpc=false is accepted too, as in the file.
                option.arity("0..1").fallbackValue("true");
            }
            command.getCommandSpec().addOption(option.build());
        }
        return command;
    }

    @Override
    public Integer call() {
        Path file = config != null ? config
                : System.getenv("CTEC_CONFIG") == null || System.getenv("CTEC_CONFIG").isBlank() ? null
                : Path.of(System.getenv("CTEC_CONFIG").trim());
        ConfigFile parsed = file == null ? null : ConfigFile.read(file);
        if (parsed != null) {
            Credentials.warnIfConfigFileExposesPassword(file, parsed, System.err);
        }
        Map<Setting, String> flags = flags();
        if (flags.containsKey(Setting.URL)) {
            Credentials.warnIfUrlFlagHasPassword(flags.get(Setting.URL), System.err);
        }
        Credentials.warnIfDigestFlag(flags.get(Setting.ZOOKEEPER_DIGEST), System.err);
        RunPlan plan = RunPlan.resolve(parsed, System.getenv(), flags, System.err);
        return new ConsumerGroup(plan, Credentials.load(credentials, System.getenv(), System.err)).run();
    }

    private Map<Setting, String> flags() {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            if (parsed.hasMatchedOption(setting.flag())) {
                flags.put(setting, parsed.matchedOptionValue(setting.flag(), "true"));
            }
        }
        return flags;
    }
}
