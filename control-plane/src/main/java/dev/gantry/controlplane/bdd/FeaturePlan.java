package dev.gantry.controlplane.bdd;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What publishing a feature file makes, before anything is written: one chain of cases per scenario
 * (per Examples table of a Scenario Outline), the data sets of the outlines, and the steps no catalog
 * entry stands for. A preview answers it; a publication writes exactly it.
 */
record FeaturePlan(
        String feature,
        String description,
        List<Chain> chains,
        List<DataSet> dataSets,
        List<Unmatched> unmatched,
        Map<UUID, Integer> uses) {

    /**
     * A scenario's cases, chained in order; {@code dataSetKey} names the data set every case of it pins
     * (an outline's Examples table), or is null. A chain with a step the catalog does not know is
     * published disabled, as Cucumber skips an undefined scenario.
     */
    record Chain(
            String key,
            String name,
            String keyword,
            String rule,
            int line,
            List<String> tags,
            String dataSetKey,
            boolean enabled,
            List<Case> cases) {}

    /**
     * One case: the step that sends its request and the steps after it that check the answer or keep
     * values from it. {@code json} is the case as {@code POST /suites/{id}/cases} takes it, without its
     * dependency and data set, which only a publication knows. A placeholder stands for steps no entry
     * stands for: a disabled manual case.
     */
    record Case(
            String key,
            String name,
            List<Step> steps,
            List<UUID> entries,
            boolean placeholder,
            Map<String, Object> json) {}

    record Step(int line, String keyword, String text) {}

    /** An Examples table (or the part of it that expects one status) as the rows of a data set. */
    record DataSet(String key, String name, List<String> columns, List<Map<String, Object>> rows) {}

    /** A step no single catalog entry stands for; {@code candidates}: the patterns that all match it. */
    record Unmatched(int line, String scenario, String step, String reason, List<String> candidates) {}
}
