package com.ctec.consumer.cli;

import com.ctec.consumer.ConsumerException;
import com.ctec.consumer.DeadLetters;
import com.ctec.consumer.DeadLetters.DeadLetter;
import com.ctec.consumer.internal.Printable;
import com.rabbitmq.client.Connection;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code ctec-consumer dlq list|move}: look at the dead letters of a queue, and move them back. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.MoveLetters.class},
        description = {"Dead letters of a consumed queue Q: they wait in Q.dlq (unless the queue has its own "
                + "dead-letter exchange: then pass --dlq NAME).", ""})
final class DlqCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return Exit.USAGE;
    }

    /** The queue whose dead letters are meant, and where they are. */
    static final class Target {
        @Mixin
        BrokerOptions broker;

        @Option(names = "--queue", paramLabel = "QUEUE", required = true, description = "the consumed queue")
        String queue;

        @Option(names = "--dlq", paramLabel = "NAME", description = "the dead-letter queue (default: QUEUE.dlq)")
        String dlq;

        String deadLetterQueue() {
            return dlq != null ? dlq : queue + ".dlq";
        }

        /** Connects through the core's DeadLetters, with the CLI's one-line hint when no broker answers. */
        <T> T withDeadLetters(Function<DeadLetters, T> action) {
            String url = broker.url();
            Brokers.parse(url); // a malformed URL is a usage error, before any connection attempt
            try (DeadLetters letters = DeadLetters.connect(url)) {
                return action.apply(letters);
            } catch (ConsumerException e) {
                if (Brokers.isUnreachable(e)) {
                    throw Brokers.connectFailed(Brokers.parse(url), e);
                }
                throw CliException.failure(e.getMessage(), e);
            }
        }

        int messageCount(String queue) {
            try (Connection connection = Brokers.open(broker.url(), "ctec-consumer dlq")) {
                return connection.createChannel().queueDeclarePassive(queue).getMessageCount();
            } catch (IOException e) {
                throw CliException.failure("Cannot count the messages of '" + queue + "': " + e.getMessage() + ".", e);
            }
        }
    }

    /** {@code dlq list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Show dead letters with their failure headers; they stay where they are.", ""})
    static final class ListLetters implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "show at most N (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw CliException.usage("--limit must be at least 1 (was " + limit + ").");
            }
            String dlq = target.deadLetterQueue();
            List<DeadLetter> letters = target.withDeadLetters(d -> d.list(dlq, limit));
            if (letters.isEmpty()) {
                System.out.println("No dead letters in '" + dlq + "'.");
                return Exit.OK;
            }
            System.out.println("Dead letters in '" + dlq + "' (the first " + letters.size() + ", left in place):");
            for (DeadLetter letter : letters) {
                System.out.println();
                System.out.println(describe(letter));
            }
            return Exit.OK;
        }
    }

    /** {@code dlq move}. */
    @Command(name = "move", mixinStandardHelpOptions = true,
            description = {"Move dead letters back to the queue they failed on, starting again at attempt 1.",
                "Each one is published with a publisher confirm before it is removed from the dead-letter queue. "
                    + "Only the letters there when the command starts are looked at, so letters that fail again are "
                    + "not moved round and round.",
                "A letter goes back only to --queue: one whose x-ctec-original-queue header names another queue "
                    + "stays, unless --to-any-queue.", ""})
    static final class MoveLetters implements Callable<Integer> {
        @Mixin
        Target target;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection selection;

        @Option(names = "--max", paramLabel = "N", description = "move at most N letters (default: all that are there)")
        Integer max;

        @Option(names = "--to-any-queue", description = "also move letters whose x-ctec-original-queue header names "
                + "another queue than --queue, to that queue")
        boolean toAnyQueue;

        /** Which dead letters to move. */
        static final class Selection {
            @Option(names = "--all", required = true, description = "move every dead letter")
            boolean all;

            @Option(names = "--match", paramLabel = "REGEX", required = true,
                    description = "move those whose exception text or body contains a match of REGEX")
            String match;
        }

        @Override
        public Integer call() {
            if (max != null && max < 1) {
                throw CliException.usage("--max must be at least 1 (was " + max + ").");
            }
            Predicate<DeadLetter> filter = selection.all ? letter -> true : matching(selection.match);
            String dlq = target.deadLetterQueue();
            String onlyTo = toAnyQueue ? null : target.queue;
            DeadLetters.Moved moved = target.withDeadLetters(d -> d.moveBack(dlq, filter, max == null ? Integer.MAX_VALUE : max, onlyTo));
            int left = target.messageCount(dlq);
            System.out.println("Moved " + moved.moved() + " dead letter(s) from '" + Printable.of(dlq) + "' back to "
                    + (toAnyQueue ? "their queue" : "'" + Printable.of(target.queue) + "'")
                    + " (each confirmed by the broker before removal); " + left + " left in '" + Printable.of(dlq) + "'.");
            if (moved.elsewhere() > 0) {
                System.out.println(moved.elsewhere() + " letter(s) name another queue than '" + Printable.of(target.queue)
                        + "' in x-ctec-original-queue and were left in place: check where they came from, then pass "
                        + "--to-any-queue to move them there.");
            }
            return Exit.OK;
        }

        private static Predicate<DeadLetter> matching(String regex) {
            try {
                Pattern pattern = Pattern.compile(regex);
                return letter -> pattern.matcher(letter.exception()).find() || pattern.matcher(letter.bodyAsString()).find();
            } catch (PatternSyntaxException e) {
                throw CliException.usage("--match '" + regex + "' is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + ".", e);
            }
        }
    }

    /** A dead letter as a block of lines: a summary, its x-ctec-* headers, the broker's x-death, the body. */
    static String describe(DeadLetter letter) {
        // Everything below comes from whoever published the message: control characters are shown escaped.
        StringBuilder text = new StringBuilder("#" + letter.position() + "  from queue '" + Printable.of(letter.originalQueue()) + "'"
                + (letter.attempts() > 0 ? ", " + letter.attempts() + " attempt(s)" : "")
                + (letter.failedAt().isEmpty() ? "" : ", failed at " + Printable.of(letter.failedAt(), 100)));
        Map<String, Object> headers = letter.properties().getHeaders() == null ? Map.of() : letter.properties().getHeaders();
        headers.entrySet().stream()
                .filter(h -> h.getKey().startsWith("x-ctec-"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(h -> text.append("\n    ").append(Printable.of(h.getKey(), 100)).append(": ")
                        .append(Printable.of(String.valueOf(h.getValue()), 1000)));
        if (headers.get("x-death") instanceof List<?> deaths && !deaths.isEmpty() && deaths.get(0) instanceof Map<?, ?> death) {
            text.append("\n    x-death: ").append(Printable.of(String.valueOf(death.get("reason")), 100)).append(" from queue '")
                    .append(Printable.of(String.valueOf(death.get("queue")), 300)).append("', ")
                    .append(Printable.of(String.valueOf(death.get("count")), 30)).append(" time(s)");
        }
        text.append("\n    body (").append(letter.body().length).append(" bytes): ").append(preview(letter.body()));
        return text.toString();
    }

    /** The body as text, cut at 200 characters; binary bodies are not printed. */
    static String preview(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            return Printable.of(text, 200);
        } catch (CharacterCodingException e) {
            return "(binary)";
        }
    }
}
