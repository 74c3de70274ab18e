package dev.gantry.controlplane.suites;

import dev.gantry.controlplane.common.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * Cases as a spreadsheet has them: one row a case, the columns of the QA portal's {@code test_cases}
 * (seed {@code 001}) where they mean what ours do ({@code test_id}, {@code title}, {@code tags},
 * {@code test_type} for manual or automated, {@code automation_status}, {@code preconditions},
 * {@code steps_to_reproduce}, {@code expected_result}), and ours for the rest. Lists within a cell are
 * comma-separated. A cell a spreadsheet would take for a formula ({@code =}, {@code +}, {@code -},
 * {@code @} first) is written with a {@code '} before it, which reading takes off again.
 */
final class CaseCsv {
    /** The columns, in the order an export writes them. */
    enum Column {
        TEST_ID("test_id"),
        TITLE("title"),
        MODULE("module"),
        CASE_TYPE("case_type"),
        PRIORITY("priority"),
        TAGS("tags"),
        TEST_TYPE("test_type"),
        AUTOMATION_STATUS("automation_status"),
        PRECONDITIONS("preconditions"),
        STEPS_TO_REPRODUCE("steps_to_reproduce"),
        EXPECTED_RESULT("expected_result"),
        STORY_KEYS("story_keys"),
        DEFECT_KEYS("defect_keys"),
        METHOD("method"),
        URL("url"),
        EXPECTED_STATUS("expected_status"),
        ENABLED("enabled");

        final String header;

        Column(String header) {
            this.header = header;
        }

        static Optional<Column> of(String header) {
            return Arrays.stream(values()).filter(c -> c.header.equals(header)).findFirst();
        }
    }

    /** At most this many rows in one import. */
    static final int MAX_ROWS = 5_000;

    /**
     * A row as read: its cells by column; a column of the header has a cell in every row (an empty one
     * when the line ends early), a column the header does not name has none.
     */
    record Row(int index, Map<Column, String> cells) {
        String get(Column column) {
            return cells.getOrDefault(column, "");
        }

        /** Whether the file has this column at all (a row of a file without it leaves the field as it is). */
        boolean has(Column column) {
            return cells.containsKey(column);
        }

        /** The field of a problem in this row: {@code rows[12].priority}. */
        String field(Column column) {
            return "rows[" + index + "]." + column.header;
        }
    }

    /** Quotes only the cells that need them (a comma, a quote, a line break), as spreadsheets write them. */
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvReadFeature.WRAP_AS_ARRAY)
            .enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING)
            .build();

    private CaseCsv() {}

    /** The rows as text: a header line, then one line a case (a value with line breaks quoted). */
    static String write(List<Map<Column, String>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (Column column : Column.values()) {
            schema.addColumn(column.header);
        }
        List<Map<String, String>> lines = new ArrayList<>();
        for (Map<Column, String> row : rows) {
            Map<String, String> line = new LinkedHashMap<>();
            for (Column column : Column.values()) {
                line.put(column.header, guarded(row.getOrDefault(column, "")));
            }
            lines.add(line);
        }
        return CSV.writer(schema.build()).writeValueAsString(lines);
    }

    /**
     * The rows of an upload: the first line names the columns (any of {@link Column}, in any order, but
     * {@code title} at least); a byte order mark before it is dropped.
     */
    static List<Row> read(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> rows = new ArrayList<>();
        try (MappingIterator<String[]> lines = CSV.readerFor(String[].class).readValues(text)) {
            if (!lines.hasNext()) {
                throw new InvalidInputException("body", "empty: the first line names the columns");
            }
            String[] header = lines.next();
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                String name = header[i].strip();
                int at = i;
                Column column = Column.of(name)
                        .orElseThrow(() -> new InvalidInputException(
                                "columns[" + at + "]",
                                "'" + abbreviated(name) + "' is not a column; use "
                                        + Arrays.stream(Column.values())
                                                .map(c -> c.header)
                                                .toList()));
                if (columns.contains(column)) {
                    throw new InvalidInputException("columns[" + i + "]", "'" + name + "' is named twice");
                }
                columns.add(column);
            }
            if (!columns.contains(Column.TITLE)) {
                throw new InvalidInputException("columns", "a title column is required");
            }
            while (lines.hasNext()) {
                String[] cells = lines.next();
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue; // an empty line, as spreadsheets leave at the end
                }
                int index = rows.size();
                if (index >= MAX_ROWS) {
                    throw new InvalidInputException("rows", "at most " + MAX_ROWS + " rows in one import");
                }
                if (cells.length > columns.size()) {
                    throw new InvalidInputException(
                            "rows[" + index + "]",
                            cells.length + " cells, but the header names " + columns.size() + " columns");
                }
                Map<Column, String> row = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i), i < cells.length ? unguarded(cells[i]) : "");
                }
                rows.add(new Row(index, row));
            }
        } catch (JacksonException e) {
            throw new InvalidInputException(
                    "rows[" + rows.size() + "]", "not readable as CSV: " + e.getOriginalMessage());
        }
        return rows;
    }

    /** A comma-separated cell's values, stripped, empty ones left out. */
    static List<String> list(String cell) {
        return Arrays.stream(cell.split(","))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    private static boolean formula(String value) {
        return !value.isEmpty()
                && ("=+-@\t\r".indexOf(value.charAt(0)) >= 0
                        || (value.charAt(0) == '\'' && formula(value.substring(1))));
    }

    private static String guarded(String value) {
        return formula(value) ? "'" + value : value;
    }

    private static String unguarded(String value) {
        return value.startsWith("'") && formula(value.substring(1)) ? value.substring(1) : value;
    }

    private static String abbreviated(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
