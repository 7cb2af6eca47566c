package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.Trouble;

import java.util.List;
import java.util.Locale;

/**
 * What the overview says of an app, worst first (the overview sorts by it): failing, stalled (see
 * {@link Trouble}: judged on its live, fresh instances together), then an instance stale, its node
 * invalid (nothing it says can be believed) or gone,
 * behind, then an instance recovering or stopping, else ok.
 */
enum AppStatus {
    FAILING, STALLED, STALE, INVALID, GONE, BEHIND, RECOVERING, STOPPING, OK;

    static AppStatus of(List<Instance> instances, long now) {
        List<InstanceStatus> statuses = instances.stream().map(i -> InstanceStatus.of(i, now)).toList();
        Trouble trouble = Trouble.of(instances.stream().filter(i -> InstanceStatus.of(i, now).fresh())
                .map(Instance::entry).toList());
        if (trouble == Trouble.FAILING) {
            return FAILING;
        }
        if (trouble == Trouble.STALLED) {
            return STALLED;
        }
        if (statuses.contains(InstanceStatus.STALE)) {
            return STALE;
        }
        if (statuses.contains(InstanceStatus.INVALID)) {
            return INVALID;
        }
        if (statuses.contains(InstanceStatus.GONE)) {
            return GONE;
        }
        if (trouble == Trouble.BEHIND) {
            return BEHIND;
        }
        if (statuses.contains(InstanceStatus.RECOVERING)) {
            return RECOVERING;
        }
        return statuses.contains(InstanceStatus.STOPPING) ? STOPPING : OK;
    }

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
