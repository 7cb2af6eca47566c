package com.ctec.consumer.dashboard;

import java.util.Collection;
import java.util.Locale;

/** The colour of an app on the overview: green when all its instances run, amber when some recover, red when one is stale, gone or invalid. */
enum AppStatus {
    OK, DEGRADED, FAILING;

    static AppStatus of(Collection<InstanceStatus> instances) {
        AppStatus worst = OK;
        for (InstanceStatus status : instances) {
            AppStatus s = switch (status) {
                case RUNNING -> OK;
                case RECOVERING, STOPPING -> DEGRADED;
                case STALE, GONE, INVALID -> FAILING;
            };
            if (s.ordinal() > worst.ordinal()) {
                worst = s;
            }
        }
        return worst;
    }

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
