package com.ctec.consumer.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The worker's random but reproducible choices: the same seed, id and attempt always give the same
 * {@link Choice}, in any process and after any redelivery, so a failing seed replays the same
 * message paths. Only the enabled choices are drawn, by their weights.
 */
final class Choices {
    private final long seed;
    private final List<Choice> enabled;
    private final int totalWeight;

    Choices(long seed, Set<Choice> enabled) {
        this.seed = seed;
        this.enabled = List.copyOf(EnumSet.copyOf(enabled));
        this.totalWeight = this.enabled.stream().mapToInt(Choice::weight).sum();
    }

    long seed() {
        return seed;
    }

    Set<Choice> enabled() {
        return EnumSet.copyOf(enabled);
    }

    Choice of(int id, int attempt) {
        int pick = random(id, attempt).nextInt(totalWeight);
        for (Choice choice : enabled) {
            pick -= choice.weight();
            if (pick < 0) {
                return choice;
            }
        }
        throw new IllegalStateException("unreachable: weights add up to " + totalWeight);
    }

    /** How long a {@link Choice#SLOW} call of this id and attempt sleeps. */
    long slowMillis(int id, int attempt) {
        SplittableRandom random = random(id, attempt);
        random.nextInt();
        return 100 + random.nextInt(600);
    }

    private SplittableRandom random(int id, int attempt) {
        return new SplittableRandom(seed ^ (id * 0x9E3779B97F4A7C15L) ^ (attempt * 0xC2B2AE3D27D4EB4FL));
    }

    /** "SUCCESS,REJECT,..." for a command line. */
    String arg() {
        return enabled.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    static Set<Choice> parse(String arg) {
        List<Choice> choices = new ArrayList<>();
        Arrays.stream(arg.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Choice::valueOf).forEach(choices::add);
        return EnumSet.copyOf(choices);
    }
}
