package com.ctec.bench.scenarios;

import com.ctec.bench.report.Section;

import java.util.List;

/** One numbered scenario of issue 8: runs its trials and reports them as one or more sections. */
public interface Scenario {
    int number();

    String title();

    List<Section> run(Context context) throws Exception;
}
