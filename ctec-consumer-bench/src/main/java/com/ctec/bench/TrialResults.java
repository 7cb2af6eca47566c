package com.ctec.bench;

/** The valid rounds of one trial, metric by metric; refusals are kept on {@link #rate()}. */
public record TrialResults(Samples rate, Samples clientMicros, Samples brokerMicros, Samples switches) {
    public TrialResults() {
        this(new Samples(), new Samples(), new Samples(), new Samples());
    }

    public void add(RoundResult round) {
        rate.add(round.rate());
        clientMicros.add(round.clientMicros());
        if (!Double.isNaN(round.brokerMicros())) {
            brokerMicros.add(round.brokerMicros());
        }
        if (!Double.isNaN(round.switches())) {
            switches.add(round.switches());
        }
    }
}
