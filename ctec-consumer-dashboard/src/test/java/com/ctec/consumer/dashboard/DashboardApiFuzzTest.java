package com.ctec.consumer.dashboard;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.ctec.consumer.agent.registry.EntryValidator;
import com.ctec.consumer.agent.registry.RegistryJson;
import com.ctec.consumer.agent.registry.RegistryReader;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;


/**
 * The dashboard's JSON API on a hostile registry: a few nodes with any names and any bytes,
 * taken in as {@link RegistryWatch} does, then the overview and each app's document written as
 * the API serves them. Nothing throws, and the documents are JSON that reads back.
 *
 * <p>History is out of reach here (the reader's client is never started, as when ZooKeeper is
 * unreadable: the page shows the entries alone); {@code EntryValidatorFuzzTest} covers the hours.
 */
class DashboardApiFuzzTest {
    private static final long NOW = 1_764_000_000_000L;
    private static final CuratorFramework UNSTARTED = CuratorFrameworkFactory.newClient("127.0.0.1:1", new RetryOneTime(1));
    private static final RegistryReader READER = new RegistryReader(UNSTARTED, "/ctec-consumer", () -> NOW);

    @FuzzTest(maxDuration = "5s")
    void anyRegistryGivesDocumentsThatAreJson(FuzzedDataProvider data) {
        Fleet fleet = new Fleet(() -> NOW, 600_000);
        int nodes = data.consumeInt(1, 4);
        for (int i = 0; i < nodes; i++) {
            String app = data.pickValue(new String[] {"a", "b", "<x>"});
            String id = data.consumeBoolean() ? "10.0.0.5:1234" : data.consumeString(20);
            byte[] bytes = data.consumeBytes(4_000);
            switch (EntryValidator.check(id, bytes, NOW)) {
                case EntryValidator.Valid valid -> fleet.put(app, id, valid.entry());
                case EntryValidator.Invalid invalid -> fleet.putInvalid(app, id, invalid.problem());
            }
            if (data.consumeBoolean()) {
                fleet.remove(app, id);
            }
        }
        fleet.refresh();
        readsBack(ApiJson.overview(fleet, "/ctec-consumer"));
        for (String app : fleet.apps().keySet()) {
            readsBack(ApiJson.app(fleet, READER, "/ctec-consumer", app));
        }
    }

    private static void readsBack(Object document) {
        String json = RegistryJson.write(document);
        if (!RegistryJson.read(json).isObject()) {
            throw new AssertionError("not a JSON object: " + json);
        }
    }
}
