package com.ctec.consumer.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The torture test's model: from what the workers decided ({@link Handling}s, written down by the
 * test's own worker) and what the broker holds at the end ({@link BrokerEvidence}), the fate of
 * every id. The last worker call of an id (highest attempt, latest) says what must be visible:
 * <ul>
 *   <li>any decision: a copy still queued at that attempt or later is fine (not finished yet, or
 *       requeued because its outcome could not be published);</li>
 *   <li>a success: acked, with its forward in {@code <queue>.good} and, with rpc, its answer in the
 *       reply queue; at the last attempt a forward or answer that failed may instead be
 *       dead-lettered;</li>
 *   <li>REJECT: a dead letter with {@code x-ctec-attempts} = that attempt;</li>
 *   <li>a failure below maxAttempts: attempt + 1 must have come (or be queued);
 *       at maxAttempts: a dead letter with {@code x-ctec-attempts} = maxAttempts.</li>
 * </ul>
 * Two outcomes the broker itself may drop are <b>excused</b> (counted apart): an RPC answer after a
 * broker restart that followed the call (the engine publishes answers transient, as the seed did);
 * and a dead letter or retry whose call came shortly before the harm deleted {@code <queue>.dlq} or
 * the delay queue (a message routed to a queue as it is deleted is confirmed, and gone with it).
 * Anything else is <b>lost</b>. Evidence no worker call explains (a forward nobody forwarded, a
 * dead letter at an attempt that did not warrant one, a message in the queue that must stay full,
 * a dead letter without its reason) is <b>wrong</b>. Duplicates: worker calls of the same id and
 * attempt beyond the first, dead letters beyond one, forwards and answers beyond the calls that
 * made them, and an id both succeeded and dead-lettered.
 */
final class TortureModel {
    private TortureModel() {
    }

    /** {@code duplicates}: how the duplicates add up (repeated calls, extra letters, forwards, answers, both outcomes). */
    record Verdict(int messages, List<String> lost, List<String> wrong, int duplicated, int succeeded, int deadLettered,
                   int pending, int inDoubtMissing, int withBookkeeping, Map<String, Integer> duplicates, List<String> excused) {
    }

    /** How long before a queue's deletion a publish to it may have been swallowed with it. */
    static final long DELETION_WINDOW_MILLIS = 3_000;

    /**
     * What the harm did that the broker answers for (epoch ms): when the source queue's broker was back
     * after each restart, when {@code <queue>.dlq} and the delay queue were deleted.
     */
    record Harmed(List<Long> restarts, List<Long> dlqDeleted, List<Long> delayQueueDeleted) {
        boolean deletedAfter(List<Long> deletions, long millis) {
            return deletions.stream().anyMatch(at -> at >= millis && at - millis <= DELETION_WINDOW_MILLIS);
        }
    }

    static Verdict judge(int messages, Set<Integer> inDoubt, List<Handling> handlings, BrokerEvidence evidence, int maxAttempts,
                         boolean rpc, Harmed harmed) {
        Map<Integer, List<Handling>> byId = new HashMap<>();
        for (Handling handling : handlings) {
            byId.computeIfAbsent(handling.id(), id -> new ArrayList<>()).add(handling);
        }
        Judge judge = new Judge(maxAttempts, rpc, harmed);
        for (int id = 0; id < messages; id++) {
            judge.id(id, byId.getOrDefault(id, List.of()), evidence.of(id), inDoubt.contains(id));
        }
        return new Verdict(messages, judge.lost, judge.wrong, judge.duplicated, judge.succeeded, judge.deadLettered, judge.pending,
                judge.inDoubtMissing, judge.bookkeeping, Map.copyOf(judge.duplicates), List.copyOf(judge.excused));
    }

    private static final class Judge {
        final int maxAttempts;
        final boolean rpc;
        final Harmed harmed;
        final List<String> excused = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        final List<String> wrong = new ArrayList<>();
        int duplicated;
        final Map<String, Integer> duplicates = new java.util.TreeMap<>();
        int succeeded;
        int deadLettered;
        int pending;
        int inDoubtMissing;
        int bookkeeping;

        Judge(int maxAttempts, boolean rpc, Harmed harmed) {
            this.maxAttempts = maxAttempts;
            this.rpc = rpc;
            this.harmed = harmed;
        }

        void id(int id, List<Handling> calls, BrokerEvidence.OfId found, boolean inDoubt) {
            countDuplicates(calls, found);
            explainEvidence(id, calls, found);
            bookkeeping += found.withBookkeeping;
            if (calls.isEmpty()) {
                if (!found.queuedAttempts.isEmpty()) {
                    pending++;
                } else if (inDoubt) {
                    inDoubtMissing++;
                } else {
                    lost.add(id + ": never handled and not queued");
                }
                return;
            }
            Handling last = calls.stream().max(Comparator.comparingInt(Handling::attempt).thenComparingLong(Handling::millis)).orElseThrow();
            int attempt = last.attempt();
            if (found.queuedAtOrAfter(attempt)) {
                pending++;
                return;
            }
            String fate = fate(last, found);
            if (fate == null) {
                return;
            }
            lost.add(id + ": " + fate + "; calls " + describe(calls) + ", queued at " + found.queuedAttempts + ", letters "
                    + found.letters + ", forwards " + found.forwards + ", answers " + found.replies);
        }

        /** Whether the missing outcome may have gone with a queue the harm deleted just after the call. */
        private boolean excuse(Handling last, List<Long> deletions, String what) {
            if (!harmed.deletedAfter(deletions, last.millis())) {
                return false;
            }
            excused.add(last.id() + ": " + what + " of attempt " + last.attempt() + " (" + last.choice() + " at " + last.millis()
                    + ") may have gone with the queue deleted just after");
            return true;
        }

        /** Counts the id as succeeded or dead-lettered; what is missing if neither. */
        private String fate(Handling last, BrokerEvidence.OfId found) {
            int attempt = last.attempt();
            Choice choice = last.choice();
            switch (choice.kind()) {
                case SUCCEEDS -> {
                    boolean forwarded = choice != Choice.FORWARD_GOOD || found.forwards > 0;
                    boolean answered = !rpc || found.replies > 0 || harmed.restarts().stream().anyMatch(at -> at > last.millis());
                    if (forwarded && answered) {
                        succeeded++;
                        return null;
                    }
                    if (attempt >= maxAttempts && found.letterAt(attempt)) {
                        deadLettered++;
                        return null;
                    }
                    return "acked at attempt " + attempt + " (" + choice + ") without its " + (forwarded ? "answer" : "forward");
                }
                case REJECTS -> {
                    if (found.letterAt(attempt)) {
                        deadLettered++;
                        return null;
                    }
                    if (excuse(last, harmed.dlqDeleted(), "dead letter")) {
                        return null;
                    }
                    return "REJECTed at attempt " + attempt + " but no dead letter with x-ctec-attempts=" + attempt;
                }
                default -> {
                    if (attempt >= maxAttempts && found.letterAt(attempt)) {
                        deadLettered++;
                        return null;
                    }
                    if (excuse(last, attempt >= maxAttempts ? harmed.dlqDeleted() : harmed.delayQueueDeleted(),
                            attempt >= maxAttempts ? "dead letter" : "retry")) {
                        return null;
                    }
                    return attempt >= maxAttempts
                            ? "last attempt " + attempt + " failed (" + choice + ") but no dead letter"
                            : "attempt " + attempt + " failed (" + choice + ") but attempt " + (attempt + 1) + " never came and none is queued";
                }
            }
        }

        /**
         * A worker call repeated for the same attempt; an output beyond the one the id should leave (a
         * second dead letter, forward or answer) that such a repeat does not already explain; an id that
         * both succeeded (forward or answer) and was dead-lettered.
         */
        private void countDuplicates(List<Handling> calls, BrokerEvidence.OfId found) {
            Map<Integer, Integer> perAttempt = new HashMap<>();
            for (Handling call : calls) {
                perAttempt.merge(call.attempt(), 1, Integer::sum);
            }
            int repeated = 0;
            for (int count : perAttempt.values()) {
                repeated += count - 1;
            }
            duplicate("repeated calls", repeated);
            duplicate("extra dead letters", found.letters.size() - 1 - repeated);
            duplicate("extra forwards", found.forwards - 1 - repeated);
            duplicate("extra answers", found.replies - 1 - repeated);
            if ((found.forwards > 0 || found.replies > 0) && !found.letters.isEmpty()) {
                duplicate("succeeded and dead-lettered", 1);
            }
        }

        private void duplicate(String why, int count) {
            if (count > 0) {
                duplicated += count;
                duplicates.merge(why, count, Integer::sum);
            }
        }

        /** Evidence that no worker call explains. */
        private void explainEvidence(int id, List<Handling> calls, BrokerEvidence.OfId found) {
            if (found.forwards > 0 && calls.stream().noneMatch(c -> c.choice() == Choice.FORWARD_GOOD)) {
                wrong.add(id + ": forwarded to the good queue, but no worker call forwarded it there; calls " + describe(calls));
            }
            if (found.replies > 0 && (!rpc || calls.stream().noneMatch(Judge::answers))) {
                wrong.add(id + ": answered, but no worker call returned SUCCESS; calls " + describe(calls));
            }
            if (found.inFullQueue > 0) {
                wrong.add(id + ": got into the queue that refuses every publish (x-overflow reject-publish)");
            }
            for (BrokerEvidence.Letter letter : found.letters) {
                if (letter.exception().isEmpty()) {
                    wrong.add(id + ": dead letter in " + letter.queue() + " without x-ctec-exception");
                }
                boolean warranted = calls.stream().anyMatch(c -> c.attempt() == letter.attempts()
                        && (c.choice() == Choice.REJECT || (c.attempt() >= maxAttempts
                        && (c.choice().kind() == Choice.Kind.FAILS || c.choice().publishes(rpc)))));
                if (!warranted) {
                    wrong.add(id + ": dead letter with x-ctec-attempts=" + letter.attempts() + " (" + letter.exception()
                            + ") that no worker call warranted; calls " + describe(calls));
                }
            }
        }

        /**
         * Whether the engine sends an answer for this call (with rpc): every call whose worker returned
         * SUCCESS, also one whose forward then fails (the engine publishes both at once). Such an
         * answer for a request that is then retried or dead-lettered counts as a duplicate.
         */
        private static boolean answers(Handling call) {
            return call.choice().kind() == Choice.Kind.SUCCEEDS || call.choice().forwards();
        }

        private static String describe(List<Handling> calls) {
            List<String> text = new ArrayList<>();
            calls.stream().sorted(Comparator.comparingLong(Handling::millis))
                    .forEach(c -> text.add(c.attempt() + ":" + c.choice() + "@" + c.millis()));
            return text.toString();
        }
    }
}
