package dev.gantry.controlplane.runs;

import dev.gantry.controlplane.common.JsonColumns;
import dev.gantry.controlplane.common.UnprocessableException;
import dev.gantry.controlplane.suites.DataSet;
import dev.gantry.controlplane.suites.TestCase;
import dev.gantry.model.RowRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The data rows of a run and the rows each chain runs with. A chain in which a case pins a data
 * set runs with that set's rows only; every other chain runs with the rows of the enabled data
 * sets no case pins (or once, with no data, when there are none). A chain pinned to a disabled or
 * empty data set runs no work item.
 */
record RunData(List<Map<String, String>> rows, List<RowRange> chainRows) {

    static RunData of(List<List<UUID>> chains, List<TestCase> tests, List<DataSet> dataSets) {
        Map<UUID, TestCase> byId = new HashMap<>();
        tests.forEach(c -> byId.put(c.getId(), c));
        List<UUID> pins = new ArrayList<>();
        for (List<UUID> chain : chains) {
            pins.add(pinOf(chain, byId));
        }
        Set<UUID> pinned = new LinkedHashSet<>(pins);
        pinned.remove(null);

        List<Map<String, String>> rows = new ArrayList<>();
        Map<UUID, RowRange> ranges = new HashMap<>();
        if (pins.contains(null)) {
            for (DataSet dataSet : dataSets) {
                if (dataSet.isEnabled() && !pinned.contains(dataSet.getId())) {
                    addRows(dataSet, rows);
                }
            }
            if (rows.isEmpty()) {
                rows.add(Map.of());
            }
            ranges.put(null, new RowRange(0, rows.size()));
        }
        for (DataSet dataSet : dataSets) {
            if (pinned.contains(dataSet.getId())) {
                int first = rows.size();
                if (dataSet.isEnabled()) {
                    addRows(dataSet, rows);
                }
                ranges.put(dataSet.getId(), new RowRange(first, rows.size() - first));
            }
        }
        List<RowRange> chainRows = pins.stream().map(ranges::get).toList();
        return new RunData(rows, chainRows);
    }

    /** The data set the chain's cases pin, or null; two different ones are a contradiction. */
    private static UUID pinOf(List<UUID> chain, Map<UUID, TestCase> byId) {
        TestCase pinning = null;
        for (UUID id : chain) {
            TestCase c = byId.get(id);
            if (c.getDataSetId() == null) {
                continue;
            }
            if (pinning != null && !pinning.getDataSetId().equals(c.getDataSetId())) {
                throw new UnprocessableException(
                        "chain-data-conflict",
                        "cases '" + pinning.getName() + "' and '" + c.getName()
                                + "' are in one chain but pin different data sets");
            }
            pinning = c;
        }
        return pinning == null ? null : pinning.getDataSetId();
    }

    /** Values as the strings templates will insert. */
    private static void addRows(DataSet dataSet, List<Map<String, String>> rows) {
        for (Map<String, Object> row : dataSet.getRows()) {
            Map<String, String> values = new LinkedHashMap<>();
            row.forEach((k, v) -> values.put(k, asText(v)));
            rows.add(values);
        }
    }

    private static String asText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return JsonColumns.MAPPER.writeValueAsString(value);
    }
}
