package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.JsonColumns;
import io.cucumber.messages.types.DataTable;
import io.cucumber.messages.types.TableCell;
import io.cucumber.messages.types.TableRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A catalog entry's binding made concrete for one step: its parameters' values, doc string and data
 * table put into the templates, a Scenario Outline's {@code <placeholder>} turned into the
 * {@code {{variable}}} its data rows fill.
 */
final class StepBindings {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Pattern PLACEHOLDER = Pattern.compile("<([^<>\"]+)>");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d{0,14})(\\.\\d+)?");

    private StepBindings() {}

    /** {@code <name>} as the template variable {@code {{name}}}. */
    static String placeholders(String text) {
        return text == null
                ? null
                : PLACEHOLDER
                        .matcher(text)
                        .replaceAll(
                                m -> Matcher.quoteReplacement("{{" + m.group(1).strip() + "}}"));
    }

    /** The table as JSON objects keyed by its first row; cells that read as JSON numbers or literals stay so. */
    static List<Map<String, Object>> tableRows(DataTable table) {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<TableRow> all = table.getRows();
        if (all.isEmpty()) {
            return rows;
        }
        List<String> header =
                all.getFirst().getCells().stream().map(TableCell::getValue).toList();
        for (TableRow row : all.subList(1, all.size())) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < row.getCells().size(); i++) {
                object.put(
                        header.get(i), typed(placeholders(row.getCells().get(i).getValue())));
            }
            rows.add(object);
        }
        return rows;
    }

    static Object typed(String cell) {
        if (NUMBER.matcher(cell).matches()) {
            return cell.contains(".") ? Double.valueOf(cell) : (Object) Long.valueOf(cell);
        }
        return switch (cell) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> cell;
        };
    }

    /** The values a step's templates may use: its parameters, {@code docString}, {@code table}, {@code tableRow}. */
    static Map<String, String> values(Map<String, String> parameters, String docString, DataTable table) {
        Map<String, String> values = new LinkedHashMap<>();
        parameters.forEach((name, value) -> values.put(name, placeholders(value)));
        values.put("docString", docString == null ? null : placeholders(docString));
        if (table != null) {
            List<Map<String, Object>> rows = tableRows(table);
            values.put("table", JsonColumns.MAPPER.writeValueAsString(rows));
            values.put("tableRow", JsonColumns.MAPPER.writeValueAsString(rows.isEmpty() ? Map.of() : rows.getFirst()));
        } else {
            values.put("table", null);
            values.put("tableRow", null);
        }
        return values;
    }

    /**
     * The binding with every {@code {{name}}} of a known value replaced; a string that is nothing but
     * a value the step does not have (a doc string it was not given) is left out.
     */
    @SuppressWarnings("unchecked")
    static Object substitute(Object node, Map<String, String> values) {
        if (node instanceof String s) {
            Matcher whole = VARIABLE.matcher(s);
            if (whole.matches() && values.containsKey(whole.group(1)) && values.get(whole.group(1)) == null) {
                return null;
            }
            return VARIABLE.matcher(s).replaceAll(m -> {
                String value = values.get(m.group(1));
                return Matcher.quoteReplacement(value == null ? m.group() : value);
            });
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                Object value = substitute(v, values);
                if (value != null) {
                    out.put(k, value);
                }
            });
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object value = substitute(item, values);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
        return node;
    }

    /**
     * Adds a later step's expectations to a case's: a status replaces the one before (a negative
     * scenario's "Then the response status is 400" overrides the action's usual 201), lists of checks
     * add up, the tighter response time wins, anything else is replaced.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeExpectations(Map<String, Object> into, Map<String, Object> more) {
        Map<String, Object> merged = new LinkedHashMap<>(into == null ? Map.of() : into);
        more.forEach((key, value) -> {
            Object before = merged.get(key);
            if (key.equals("maxResponseTimeMs") && before instanceof Number a && value instanceof Number b) {
                merged.put(key, Math.min(a.longValue(), b.longValue()));
            } else if (!key.equals("status") && before instanceof List<?> a && value instanceof List<?> b) {
                List<Object> both = new ArrayList<>((List<Object>) a);
                both.addAll(b);
                merged.put(key, both);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
