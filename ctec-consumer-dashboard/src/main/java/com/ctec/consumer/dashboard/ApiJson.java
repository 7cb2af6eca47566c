package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.MinuteSums;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import com.ctec.consumer.agent.registry.RegistryReader;
import com.ctec.consumer.agent.registry.Trouble;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The documents of the JSON API, which are also all the pages show: {@code /api/apps} (the
 * overview) and {@code /api/apps/{app}} (one app with its instances and 24-hour series), as
 * records that the agent's {@code RegistryJson} writes field by field, in order.
 * docs/dashboard.md shows both.
 */
final class ApiJson {
    private static final long DAY_MS = 24 * 60 * 60 * 1000L;

    private ApiJson() {
    }

    /** {@code /api/apps}: every app, trouble first. */
    record Overview(long now, String root, boolean connected, List<AppLine> apps) {
    }

    /** One app in the overview: its status, how many instances are in each status, its figures now. */
    record AppLine(String name, String status, long instances, long running, long recovering, long stopping, long stale,
                   long gone, long invalid, @JsonUnwrapped NowFigures figures, long updatedAt) {
    }

    /** {@code /api/apps/{app}}: one app with its instances and their 24-hour series. */
    record App(long now, String root, boolean connected, String name, String appDesc, String status,
               @JsonUnwrapped NowFigures figures, long from, List<InstanceLine> instances,
               List<List<Number>> messagesPerMinuteTotal, List<List<Number>> failedTotal,
               List<List<Number>> deadLetteredTotal, List<FailureLine> lastFailures) {
    }

    /** The figures of the last whole minute of an app's fresh instances; backlog null when none knows it. */
    record NowFigures(Number messagesPerMinute, Number failedPerMinute, Number deadLetteredPerMinute, Number backlog) {
    }

    /** One instance of an app, with its day of series as [epoch ms, value] pairs. */
    record InstanceLine(String id, String hostIp, long pid, String deployPath, String version, String state, String status,
                        String trouble, long startedAt, long updatedAt, Long goneSince, String problem, long staleAfterMs,
                        long intervalMs, int threadCount, List<QueueLine> queues, List<List<Number>> messagesPerMinute,
                        List<List<Number>> cpu, List<List<Number>> memory, List<List<Number>> failed,
                        List<List<Number>> deadLettered, List<List<Number>> backlog) {
    }

    /** One queue of an instance; backlog null when unknown. */
    record QueueLine(String queue, String vhost, String broker, int prefetch, int threads, String mode, String state,
                     long delivered, long failed, long deadLettered, Long backlog) {
        static QueueLine of(RegistryEntry.Queue q) {
            return new QueueLine(q.queue(), q.vhost(), q.broker(), q.prefetch(), q.threads(), q.mode(), q.state(),
                    q.stats().delivered(), q.stats().failed(), q.stats().deadLettered(), q.backlog() < 0 ? null : q.backlog());
        }
    }

    /** The last failure of one queue of one instance. */
    record FailureLine(String instance, String queue, long at, String error) {
    }

    static Overview overview(Fleet fleet, String root) {
        long now = fleet.now();
        Map<AppLine, AppStatus> apps = new IdentityHashMap<>();
        fleet.apps().forEach((app, instances) -> {
            Map<InstanceStatus, Long> counts = new EnumMap<>(InstanceStatus.class);
            instances.forEach(i -> counts.merge(InstanceStatus.of(i, now), 1L, Long::sum));
            AppStatus status = AppStatus.of(instances, now);
            AppLine line = new AppLine(app, status.json(), instances.stream().filter(i -> !i.gone()).count(),
                    counts.getOrDefault(InstanceStatus.RUNNING, 0L), counts.getOrDefault(InstanceStatus.RECOVERING, 0L),
                    counts.getOrDefault(InstanceStatus.STOPPING, 0L), counts.getOrDefault(InstanceStatus.STALE, 0L),
                    counts.getOrDefault(InstanceStatus.GONE, 0L), counts.getOrDefault(InstanceStatus.INVALID, 0L),
                    nowFigures(instances, now), instances.stream().mapToLong(i -> i.entry().updatedAt()).max().orElse(0));
            apps.put(line, status);
        });
        // Trouble first (the status's order), then by name: the page shows them in this order.
        List<AppLine> sorted = new ArrayList<>(apps.keySet());
        sorted.sort(Comparator.comparing((AppLine a) -> apps.get(a)).thenComparing(AppLine::name));
        return new Overview(now, root, fleet.connected(), sorted);
    }

    /**
     * One app's page, or null when the dashboard knows no instance of it. Its instances' closed hours
     * are read here, from the history (the overview never reads them); when ZooKeeper cannot be read,
     * the page shows the last hour the entries hold.
     */
    static App app(Fleet fleet, RegistryReader reader, String root, String app) {
        List<Instance> instances = fleet.app(app);
        if (instances.isEmpty()) {
            return null;
        }
        long now = fleet.now();
        List<RegistryEntry> days = instances.stream().map(i -> day(reader, i)).toList();
        List<InstanceLine> lines = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            lines.add(instance(instances.get(i), days.get(i), now));
        }
        String appDesc = instances.stream().map(i -> i.entry().appDesc()).filter(d -> !d.isBlank()).findFirst().orElse("");
        return new App(now, root, fleet.connected(), app, appDesc, AppStatus.of(instances, now).json(),
                nowFigures(instances, now), now - DAY_MS, lines,
                series(MinuteSums.sum(days, RegistryEntry::consumed), now),
                series(MinuteSums.sum(days, RegistryEntry::failed), now),
                series(MinuteSums.sum(days, RegistryEntry::deadLettered), now), lastFailures(instances, now));
    }

    /** The figures of the last whole minute of the app's fresh instances (not stale, not gone). */
    private static NowFigures nowFigures(List<Instance> instances, long now) {
        List<Instance> fresh = instances.stream().filter(i -> InstanceStatus.of(i, now).fresh()).toList();
        double backlog = fresh.stream().mapToDouble(i -> RegistryEntry.latest(i.entry().backlog())).max().orElse(-1);
        return new NowFigures(perMinute(fresh, RegistryEntry::consumed), perMinute(fresh, RegistryEntry::failed),
                perMinute(fresh, RegistryEntry::deadLettered), backlog < 0 ? null : number(backlog));
    }

    private static Number perMinute(List<Instance> fresh, Function<RegistryEntry, List<Point>> series) {
        return number(fresh.stream().mapToDouble(i -> MessageRates.now(i, series)).sum());
    }

    /** The instance's entry with its day of history joined, or the entry alone when the history cannot be read now. */
    private static RegistryEntry day(RegistryReader reader, Instance instance) {
        try {
            return reader.withHistory(instance.app(), instance.entry());
        } catch (IllegalStateException zooKeeperUnreadable) {
            return instance.entry();
        }
    }

    /** The last failure of each queue of the app, newest first, within the day. */
    private static List<FailureLine> lastFailures(List<Instance> instances, long now) {
        List<FailureLine> out = new ArrayList<>();
        for (Instance instance : instances) {
            for (RegistryEntry.Queue q : instance.entry().queues()) {
                RegistryEntry.Failure failure = q.lastFailure();
                if (failure != null && failure.at() >= now - DAY_MS) {
                    out.add(new FailureLine(instance.id(), q.queue(), failure.at(), failure.error()));
                }
            }
        }
        out.sort(Comparator.comparingLong(FailureLine::at).reversed());
        return out;
    }

    private static InstanceLine instance(Instance instance, RegistryEntry day, long now) {
        RegistryEntry e = instance.entry();
        InstanceStatus status = InstanceStatus.of(instance, now);
        return new InstanceLine(instance.id(), e.hostIp(), e.pid(), e.deployPath(), e.version(), e.state(), status.json(),
                status.fresh() ? Trouble.of(e).json() : Trouble.NONE.json(), e.startedAt(), e.updatedAt(),
                instance.gone() ? instance.goneSince() : null, instance.problem(), InstanceStatus.staleAfterMs(instance),
                InstanceStatus.intervalMs(instance), e.threadCount(), e.queues().stream().map(QueueLine::of).toList(),
                series(day.consumed(), now), series(day.cpu(), now), series(day.memory(), now), series(day.failed(), now),
                series(day.deadLettered(), now), series(day.backlog(), now));
    }

    /** The last 24 hours as [epoch ms, value] pairs. */
    private static List<List<Number>> series(List<Point> points, long now) {
        List<List<Number>> out = new ArrayList<>(points.size());
        for (Point p : points) {
            if (p.at() >= now - DAY_MS) {
                out.add(List.of(p.at(), number(p.value())));
            }
        }
        return out;
    }

    /** Two decimals are plenty on a chart and halve the document; whole numbers are written without a point. */
    private static Number number(double value) {
        double rounded = Math.round(value * 100) / 100.0;
        return rounded == Math.rint(rounded) ? (Number) (long) rounded : (Number) rounded;
    }
}
