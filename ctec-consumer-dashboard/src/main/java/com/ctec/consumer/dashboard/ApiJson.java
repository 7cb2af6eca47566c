package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;

import java.util.ArrayList;
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
        List<Map<String, Object>> apps = new ArrayList<>();
        fleet.apps().forEach((app, instances) -> {
            List<InstanceStatus> statuses = statuses(instances, now);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", app);
            out.put("status", AppStatus.of(statuses).json());
            out.put("instances", instances.stream().filter(i -> !i.gone()).count());
            for (InstanceStatus status : InstanceStatus.values()) {
                out.put(status.json(), statuses.stream().filter(s -> s == status).count());
            }
            out.put("messagesPerMinute", number(messagesPerMinuteNow(instances, now)));
            out.put("updatedAt", instances.stream().mapToLong(i -> i.entry().updatedAt()).max().orElse(0));
            apps.add(out);
        });
        Map<String, Object> out = header(fleet, root, now);
        out.put("apps", apps);
        return out;
    }

    /** One app's page, or null when the dashboard knows no instance of it. */
    static Map<String, Object> app(Fleet fleet, String root, String app) {
        List<Instance> instances = fleet.app(app);
        if (instances.isEmpty()) {
            return null;
        }
        long now = fleet.now();
        Map<String, Object> out = header(fleet, root, now);
        out.put("name", app);
        out.put("appDesc", instances.stream().map(i -> i.entry().appDesc()).filter(d -> !d.isBlank()).findFirst().orElse(""));
        out.put("status", AppStatus.of(statuses(instances, now)).json());
        out.put("messagesPerMinute", number(messagesPerMinuteNow(instances, now)));
        out.put("from", now - DAY_MS);
        out.put("instances", instances.stream().map(i -> instance(i, now)).toList());
        out.put("messagesPerMinuteTotal", series(MessageRates.sum(instances), now));
        return out;
    }

    private static Map<String, Object> header(Fleet fleet, String root, long now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", now);
        out.put("root", root);
        out.put("connected", fleet.connected());
        return out;
    }

    private static Map<String, Object> instance(Instance instance, long now) {
        RegistryEntry e = instance.entry();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", instance.id());
        out.put("hostIp", e.hostIp());
        out.put("pid", e.pid());
        out.put("deployPath", e.deployPath());
        out.put("version", e.version());
        out.put("state", e.state());
        out.put("status", InstanceStatus.of(instance, now).json());
        out.put("startedAt", e.startedAt());
        out.put("updatedAt", e.updatedAt());
        out.put("goneSince", instance.gone() ? instance.goneSince() : null);
        out.put("problem", instance.problem());
        out.put("staleAfterMs", InstanceStatus.staleAfterMs(instance));
        out.put("intervalMs", InstanceStatus.intervalMs(instance));
        out.put("threadCount", e.threadCount());
        out.put("queues", e.queues().stream().map(ApiJson::queue).toList());
        out.put("messagesPerMinute", series(MessageRates.perMinute(instance), now));
        out.put("cpu", series(e.cpu(), now));
        out.put("memory", series(e.memory(), now));
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
        return out;
    }

    /** Live instances that are not stale: a stale one's last rate is not "now". */
    private static double messagesPerMinuteNow(List<Instance> instances, long now) {
        return instances.stream()
                .filter(i -> switch (InstanceStatus.of(i, now)) {
                    case STALE, GONE -> false;
                    default -> true;
                })
                .mapToDouble(MessageRates::now).sum();
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
