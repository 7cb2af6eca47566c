package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.MinuteSums;
import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;
import com.ctec.consumer.agent.registry.RegistryReader;
import com.ctec.consumer.agent.registry.Trouble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of the JSON API, which are also all the pages show: {@code /api/apps} (the
 * overview) and {@code /api/apps/{app}} (one app with its instances and 24-hour series).
 * docs/dashboard.md shows both.
 */
final class ApiJson {
    private static final long DAY_MS = 24 * 60 * 60 * 1000L;

    private ApiJson() {
    }

    static Map<String, Object> overview(Fleet fleet, String root) {
        long now = fleet.now();
        Map<Map<String, Object>, AppStatus> apps = new IdentityHashMap<>();
        fleet.apps().forEach((app, instances) -> {
            List<InstanceStatus> statuses = statuses(instances, now);
            AppStatus status = AppStatus.of(instances, now);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", app);
            out.put("status", status.json());
            out.put("instances", instances.stream().filter(i -> !i.gone()).count());
            for (InstanceStatus s : InstanceStatus.values()) {
                out.put(s.json(), statuses.stream().filter(x -> x == s).count());
            }
            nowFigures(out, instances, now);
            out.put("updatedAt", instances.stream().mapToLong(i -> i.entry().updatedAt()).max().orElse(0));
            apps.put(out, status);
        });
        // Trouble first (the status's order), then by name: the page shows them in this order.
        List<Map<String, Object>> sorted = new ArrayList<>(apps.keySet());
        sorted.sort(Comparator.comparing((Map<String, Object> a) -> apps.get(a)).thenComparing(a -> (String) a.get("name")));
        Map<String, Object> out = header(fleet, root, now);
        out.put("apps", sorted);
        return out;
    }

    /**
     * One app's page, or null when the dashboard knows no instance of it. Its instances' closed hours
     * are read here, from the history (the overview never reads them); when ZooKeeper cannot be read,
     * the page shows the last hour the entries hold.
     */
    static Map<String, Object> app(Fleet fleet, RegistryReader reader, String root, String app) {
        List<Instance> instances = fleet.app(app);
        if (instances.isEmpty()) {
            return null;
        }
        long now = fleet.now();
        List<RegistryEntry> days = instances.stream().map(i -> day(reader, i)).toList();
        Map<String, Object> out = header(fleet, root, now);
        out.put("name", app);
        out.put("appDesc", instances.stream().map(i -> i.entry().appDesc()).filter(d -> !d.isBlank()).findFirst().orElse(""));
        out.put("status", AppStatus.of(instances, now).json());
        nowFigures(out, instances, now);
        out.put("from", now - DAY_MS);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            lines.add(instance(instances.get(i), days.get(i), now));
        }
        out.put("instances", lines);
        out.put("messagesPerMinuteTotal", series(MinuteSums.sum(days, RegistryEntry::consumed), now));
        out.put("failedTotal", series(MinuteSums.sum(days, RegistryEntry::failed), now));
        out.put("deadLetteredTotal", series(MinuteSums.sum(days, RegistryEntry::deadLettered), now));
        out.put("lastFailures", lastFailures(instances, now));
        return out;
    }

    /** The figures of the last whole minute of the app's fresh instances (not stale, not gone). */
    private static void nowFigures(Map<String, Object> out, List<Instance> instances, long now) {
        List<Instance> fresh = instances.stream().filter(i -> InstanceStatus.of(i, now).fresh()).toList();
        out.put("messagesPerMinute", number(fresh.stream().mapToDouble(i -> MessageRates.now(i, RegistryEntry::consumed)).sum()));
        out.put("failedPerMinute", number(fresh.stream().mapToDouble(i -> MessageRates.now(i, RegistryEntry::failed)).sum()));
        out.put("deadLetteredPerMinute", number(fresh.stream()
                .mapToDouble(i -> MessageRates.now(i, RegistryEntry::deadLettered)).sum()));
        double backlog = fresh.stream().mapToDouble(i -> RegistryEntry.latest(i.entry().backlog())).max().orElse(-1);
        out.put("backlog", backlog < 0 ? null : number(backlog));
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
    private static List<Map<String, Object>> lastFailures(List<Instance> instances, long now) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Instance instance : instances) {
            for (RegistryEntry.Queue q : instance.entry().queues()) {
                RegistryEntry.Failure failure = q.lastFailure();
                if (failure != null && failure.at() >= now - DAY_MS) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("instance", instance.id());
                    line.put("queue", q.queue());
                    line.put("at", failure.at());
                    line.put("error", failure.error());
                    out.add(line);
                }
            }
        }
        out.sort(Comparator.comparing((Map<String, Object> line) -> (Long) line.get("at")).reversed());
        return out;
    }

    private static Map<String, Object> header(Fleet fleet, String root, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", now);
        out.put("root", root);
        out.put("connected", fleet.connected());
        return out;
    }

    private static Map<String, Object> instance(Instance instance, RegistryEntry day, long now) {
        RegistryEntry e = instance.entry();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", instance.id());
        out.put("hostIp", e.hostIp());
        out.put("pid", e.pid());
        out.put("deployPath", e.deployPath());
        out.put("version", e.version());
        out.put("state", e.state());
        out.put("status", InstanceStatus.of(instance, now).json());
        out.put("trouble", InstanceStatus.of(instance, now).fresh() ? Trouble.of(e).json() : Trouble.NONE.json());
        out.put("startedAt", e.startedAt());
        out.put("updatedAt", e.updatedAt());
        out.put("goneSince", instance.gone() ? instance.goneSince() : null);
        out.put("problem", instance.problem());
        out.put("staleAfterMs", InstanceStatus.staleAfterMs(instance));
        out.put("intervalMs", InstanceStatus.intervalMs(instance));
        out.put("threadCount", e.threadCount());
        out.put("queues", e.queues().stream().map(ApiJson::queue).toList());
        out.put("messagesPerMinute", series(day.consumed(), now));
        out.put("cpu", series(day.cpu(), now));
        out.put("memory", series(day.memory(), now));
        out.put("failed", series(day.failed(), now));
        out.put("deadLettered", series(day.deadLettered(), now));
        out.put("backlog", series(day.backlog(), now));
        return out;
    }

    private static Map<String, Object> queue(RegistryEntry.Queue q) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("queue", q.queue());
        out.put("vhost", q.vhost());
        out.put("broker", q.broker());
        out.put("prefetch", q.prefetch());
        out.put("threads", q.threads());
        out.put("mode", q.mode());
        out.put("state", q.state());
        out.put("delivered", q.stats().delivered());
        out.put("failed", q.stats().failed());
        out.put("deadLettered", q.stats().deadLettered());
        out.put("backlog", q.backlog() < 0 ? null : q.backlog());
        return out;
    }

    private static List<InstanceStatus> statuses(List<Instance> instances, long now) {
        return instances.stream().map(i -> InstanceStatus.of(i, now)).toList();
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
