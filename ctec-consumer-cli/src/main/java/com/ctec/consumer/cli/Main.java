package com.ctec.consumer.cli;

import com.ctec.consumer.ConsumerException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code ctec-consumer} command: run consumers, try the framework (demo), publish test
 * messages, look at the fleet (status, dashboard) and handle dead letters. Exit codes: see {@link Exit}.
 */
@Command(name = "ctec-consumer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"RabbitMQ consumers without the plumbing: one method per message, the framework does the rest.",
            "Start with: ctec-consumer demo", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:runtime failure (broker or ZooKeeper unreachable, unconfirmed messages, ...)",
            "2:usage or configuration error (unknown option, bad value or config file, missing worker class)"},
        footer = {"", "Set CTEC_DEBUG=1 to print stack traces with errors. See docs/cli.md."})
public final class Main implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        int code = execute(args);
        // Exit explicitly: a client library thread left behind must not keep a finished command alive.
        System.exit(code);
    }

    /** Runs the command and returns its exit code without exiting (for embedding). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("run", RunCommand.create());
        cli.addSubcommand("demo", new DemoCommand());
        cli.addSubcommand("status", new StatusCommand());
        cli.addSubcommand("publish", new PublishCommand());
        cli.addSubcommand("dlq", new DlqCommand());
        cli.addSubcommand("dashboard", new DashboardCommand());
        cli.setExecutionExceptionHandler(Main::handleFailure);
        cli.setParameterExceptionHandler(Main::handleUsage);
        return cli;
    }

    @Override
    public Integer call() {
        // No subcommand: show what there is, and fail like any other incomplete command line.
        spec.commandLine().usage(System.err);
        return Exit.USAGE;
    }

    private static int handleFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        int code;
        if (e instanceof CliException cli) {
            err.println(cli.getMessage());
            code = cli.exitCode();
        } else if (e instanceof ConsumerException) {
            err.println(e.getMessage());
            code = Exit.FAILURE;
        } else {
            err.println("Unexpected error in '" + command.getCommandSpec().qualifiedName() + "': " + e
                    + (debug() ? "" : " (set CTEC_DEBUG=1 for the stack trace)."));
            code = Exit.FAILURE;
        }
        if (debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** One line: what is wrong with the command line, a suggestion if picocli has one, and where the help is. */
    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        // picocli quotes the arguments it could not place: a mistyped --url or --zookeeper-digest brings its password.
        StringBuilder line = new StringBuilder(Credentials.redactQuotedArguments(e.getMessage()));
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append("; did you mean ").append(String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))).append('?');
            }
        }
        line.append(" (see: ").append(command.getCommandSpec().qualifiedName()).append(" --help)");
        command.getErr().println(line);
        command.getErr().flush();
        return Exit.USAGE;
    }

    static boolean debug() {
        String value = System.getenv("CTEC_DEBUG");
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ctec-consumer " + (version == null ? "(development build)" : version)
                    + " on Java " + Runtime.version()};
        }
    }
}
