package com.ctec.consumer.spring;

import com.ctec.consumer.WorkerMessage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test workers saw: the bodies, in arrival order (duplicates kept, so a test can look for them). */
final class Recorder {
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    void record(WorkerMessage message) {
        bodies.add(message.bodyAsString());
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    int count() {
        return bodies.size();
    }
}
