package dev.gantry.controlplane.bdd;

import dev.gantry.controlplane.common.InvalidInputException;
import io.cucumber.messages.types.Background;
import io.cucumber.messages.types.DataTable;
import io.cucumber.messages.types.Examples;
import io.cucumber.messages.types.Feature;
import io.cucumber.messages.types.FeatureChild;
import io.cucumber.messages.types.Rule;
import io.cucumber.messages.types.RuleChild;
import io.cucumber.messages.types.Scenario;
import io.cucumber.messages.types.Step;
import io.cucumber.messages.types.TableCell;
import io.cucumber.messages.types.TableRow;
import io.cucumber.messages.types.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a parsed feature file into a {@link FeaturePlan}, a pure function of the file and the
 * catalog. A scenario becomes one chain: Background steps first (the feature's, then its rule's), then
 * its own, in order. A step whose entry sends a request starts a case; a step whose entry only checks
 * or keeps values adds to the case before it. A Scenario Outline makes a chain per Examples table,
 * whose rows become a data set the chain pins; its {@code <placeholders>} become {@code {{variables}}}.
 * A response status cannot be a variable of the test language, so an Examples table whose column gives
 * the expected status is split into one chain and data set per status.
 */
final class FeaturePlanner {
    static final int MAX_NAME = 200;
    static final int MAX_KEY = 600;
    static final String UNDEFINED_TAG = "bdd-undefined";
    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_.:/-]*");
    private static final Pattern WHOLE_VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    private static final Pattern PLACEHOLDER = Pattern.compile("<([^<>\"]+)>");

    private final List<StepEntry> entries;
    private final BddProperties limits;
    private final List<FeaturePlan.Chain> chains = new ArrayList<>();
    private final List<FeaturePlan.DataSet> dataSets = new ArrayList<>();
    private final List<FeaturePlan.Unmatched> unmatched = new ArrayList<>();
    private final Map<UUID, Integer> uses = new LinkedHashMap<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final Set<String> caseNames = new java.util.HashSet<>();
    private int steps;
    private int examplesRows;

    private FeaturePlanner(List<StepEntry> entries, BddProperties limits) {
        this.entries = entries;
        this.limits = limits;
    }

    static FeaturePlan plan(Feature feature, List<StepEntry> entries, BddProperties limits) {
        FeaturePlanner planner = new FeaturePlanner(entries, limits);
        planner.feature(feature);
        return new FeaturePlan(
                feature.getName().strip(),
                feature.getDescription() == null
                        ? null
                        : feature.getDescription().strip(),
                List.copyOf(planner.chains),
                List.copyOf(planner.dataSets),
                List.copyOf(planner.unmatched),
                Map.copyOf(planner.uses));
    }

    private void feature(Feature feature) {
        List<String> tags = tags(feature.getTags(), List.of());
        List<Step> background = new ArrayList<>();
        for (FeatureChild child : feature.getChildren()) {
            child.getBackground().ifPresent(b -> background.addAll(b.getSteps()));
            child.getScenario().ifPresent(s -> scenario(null, tags, background, s));
            child.getRule().ifPresent(r -> rule(r, tags, background));
        }
    }

    private void rule(Rule rule, List<String> featureTags, List<Step> featureBackground) {
        List<String> tags = tags(rule.getTags(), featureTags);
        List<Step> background = new ArrayList<>(featureBackground);
        for (RuleChild child : rule.getChildren()) {
            child.getBackground().map(Background::getSteps).ifPresent(background::addAll);
            child.getScenario().ifPresent(s -> scenario(rule.getName().strip(), tags, background, s));
        }
    }

    private void scenario(String rule, List<String> outerTags, List<Step> background, Scenario scenario) {
        List<String> tags = tags(scenario.getTags(), outerTags);
        List<Step> all = new ArrayList<>(background);
        all.addAll(scenario.getSteps());
        String name = scenario.getName().strip().isEmpty()
                ? "Scenario at line " + scenario.getLocation().getLine()
                : scenario.getName().strip();
        String label = unique((rule == null ? "" : rule + " / ") + name);
        String displayName = label.equals((rule == null ? "" : rule + " / ") + name)
                ? name
                : name + label.substring(label.lastIndexOf(" ("));
        if (scenario.getExamples().isEmpty()) {
            chain(label, displayName, scenario, rule, tags, all, Map.of(), null);
            return;
        }
        for (int i = 0; i < scenario.getExamples().size(); i++) {
            Examples examples = scenario.getExamples().get(i);
            List<String> columns = examples.getTableHeader()
                    .map(h -> h.getCells().stream().map(TableCell::getValue).toList())
                    .orElse(List.of());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (TableRow row : examples.getTableBody()) {
                if (++examplesRows > limits.maxExamplesRows()) {
                    throw new InvalidInputException(
                            "content",
                            "line " + row.getLocation().getLine() + ": more than " + limits.maxExamplesRows()
                                    + " Examples rows (gantry.bdd.max-examples-rows)");
                }
                Map<String, Object> values = new LinkedHashMap<>();
                for (int c = 0; c < columns.size() && c < row.getCells().size(); c++) {
                    values.put(columns.get(c), row.getCells().get(c).getValue());
                }
                rows.add(values);
            }
            String examplesName = examples.getName().strip().isEmpty()
                    ? examples.getKeyword().strip() + " " + (i + 1)
                    : examples.getName().strip();
            List<String> exampleTags = tags(examples.getTags(), tags);
            String setLabel = label + " [" + examplesName + "]";
            String setName = displayName + " [" + examplesName + "]";
            Set<String> statusColumns = statusColumns(all, columns);
            if (statusColumns.isEmpty()) {
                String key = key(setLabel);
                dataSets.add(new FeaturePlan.DataSet(key, bounded(setName), columns, rows));
                chain(setLabel, setName, scenario, rule, exampleTags, all, Map.of(), key);
                continue;
            }
            Map<Map<String, String>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
            for (Map<String, Object> row : rows) {
                Map<String, String> literal = new LinkedHashMap<>();
                statusColumns.forEach(c -> literal.put(c, String.valueOf(row.get(c))));
                groups.computeIfAbsent(literal, k -> new ArrayList<>()).add(row);
            }
            groups.forEach((literal, groupRows) -> {
                String suffix = " ("
                        + String.join(
                                ", ",
                                literal.entrySet().stream()
                                        .map(e -> e.getKey() + " " + e.getValue())
                                        .toList())
                        + ")";
                String key = key(setLabel + suffix);
                dataSets.add(new FeaturePlan.DataSet(key, bounded(setName + suffix), columns, groupRows));
                chain(setLabel + suffix, setName + suffix, scenario, rule, exampleTags, all, literal, key);
            });
        }
    }

    /** The Examples columns that would end up as an expected status, which must be a number when saved. */
    private Set<String> statusColumns(List<Step> all, List<String> columns) {
        Set<String> found = new LinkedHashSet<>();
        for (Step step : all) {
            Optional<Matched> matched = match(step, Map.of());
            if (matched.isEmpty()) {
                continue;
            }
            Object expectations = matched.get().binding().get("expectations");
            if (expectations instanceof Map<?, ?> e && e.get("status") instanceof List<?> status) {
                for (Object s : status) {
                    Matcher m = WHOLE_VARIABLE.matcher(String.valueOf(s));
                    if (m.matches() && columns.contains(m.group(1))) {
                        found.add(m.group(1));
                    }
                }
            }
        }
        return found;
    }

    private record Matched(StepEntry entry, Map<String, Object> binding) {}

    private final class Building {
        final List<FeaturePlan.Case> cases = new ArrayList<>();
        String key;
        String name;
        List<FeaturePlan.Step> steps;
        List<UUID> used;
        boolean placeholder;
        Map<String, Object> request;
        Map<String, Object> expectations;
        List<Object> extractions;

        void start(String key, String name, boolean placeholder) {
            finish();
            this.key = key;
            this.name = name;
            this.steps = new ArrayList<>();
            this.used = new ArrayList<>();
            this.placeholder = placeholder;
            this.request = null;
            this.expectations = null;
            this.extractions = new ArrayList<>();
        }

        void finish() {
            if (key == null) {
                return;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("request", placeholder ? Map.of("method", "GET", "path", "/") : request);
            if (!placeholder && expectations != null) {
                json.put("expectations", expectations);
            }
            if (!placeholder && !extractions.isEmpty()) {
                json.put("extractions", extractions);
            }
            if (placeholder) {
                json.put("mode", "manual");
            }
            cases.add(new FeaturePlan.Case(key, name, List.copyOf(steps), List.copyOf(used), placeholder, json));
            key = null;
        }
    }

    @SuppressWarnings("unchecked")
    private void chain(
            String label,
            String displayName,
            Scenario scenario,
            String rule,
            List<String> tags,
            List<Step> all,
            Map<String, String> literal,
            String dataSetKey) {
        String chainKey = key(label);
        Building b = new Building();
        for (int i = 0; i < all.size(); i++) {
            Step step = all.get(i);
            if (++steps > limits.maxSteps()) {
                throw new InvalidInputException(
                        "content",
                        "line " + step.getLocation().getLine() + ": more than " + limits.maxSteps()
                                + " steps (gantry.bdd.max-steps; Background steps count once per scenario)");
            }
            String text = fill(step.getText(), literal);
            FeaturePlan.Step written = new FeaturePlan.Step(
                    step.getLocation().getLine(), step.getKeyword().strip(), text);
            List<StepEntry> candidates = candidates(text);
            String caseKey = key(label + "#" + i);
            String caseName = caseName(displayName, b.cases.size() + (b.key == null ? 0 : 1) + 1, written);
            if (candidates.size() != 1) {
                b.start(caseKey, caseName, true);
                b.steps.add(written);
                unmatched.add(new FeaturePlan.Unmatched(
                        written.line(),
                        displayName,
                        written.keyword() + " " + text,
                        candidates.isEmpty() ? "no catalog entry matches" : "ambiguous: several catalog entries match",
                        candidates.stream().map(e -> e.pattern().source()).toList()));
                continue;
            }
            StepEntry entry = candidates.getFirst();
            Map<String, Object> binding = match(step, literal).orElseThrow().binding();
            if (entry.sendsRequest()) {
                b.start(caseKey, caseName, false);
                b.request = (Map<String, Object>) binding.get("request");
            } else if (b.key == null) {
                b.start(caseKey, caseName, true);
                b.steps.add(written);
                unmatched.add(new FeaturePlan.Unmatched(
                        written.line(),
                        displayName,
                        written.keyword() + " " + text,
                        "checks an answer, but no step before it sends a request",
                        List.of(entry.pattern().source())));
                continue;
            }
            b.steps.add(written);
            b.used.add(entry.id());
            uses.merge(entry.id(), 1, Integer::sum);
            if (b.placeholder) {
                continue; // kept with the undefined step before it; its checks return once that step is defined
            }
            if (binding.get("expectations") instanceof Map<?, ?> more) {
                b.expectations = StepBindings.mergeExpectations(b.expectations, (Map<String, Object>) more);
            }
            if (binding.get("extractions") instanceof List<?> more) {
                b.extractions.addAll(more);
            }
        }
        b.finish();
        boolean enabled = b.cases.stream().noneMatch(FeaturePlan.Case::placeholder);
        List<FeaturePlan.Case> cases = new ArrayList<>();
        for (FeaturePlan.Case c : b.cases) {
            Map<String, Object> json = new LinkedHashMap<>(c.json());
            List<String> caseTags = new ArrayList<>(tags);
            if (c.placeholder()) {
                caseTags.add(UNDEFINED_TAG);
            }
            json.put("tags", caseTags);
            json.put("enabled", enabled);
            cases.add(new FeaturePlan.Case(c.key(), c.name(), c.steps(), c.entries(), c.placeholder(), json));
        }
        chains.add(new FeaturePlan.Chain(
                chainKey,
                displayName,
                scenario.getKeyword().strip(),
                rule,
                scenario.getLocation().getLine(),
                tags,
                dataSetKey,
                enabled,
                List.copyOf(cases)));
    }

    private List<StepEntry> candidates(String text) {
        return entries.stream().filter(e -> e.pattern().match(text).isPresent()).toList();
    }

    /** The single entry the step matches, with its binding made concrete. */
    private Optional<Matched> match(Step step, Map<String, String> literal) {
        String text = fill(step.getText(), literal);
        List<StepEntry> candidates = candidates(text);
        if (candidates.size() != 1) {
            return Optional.empty();
        }
        StepEntry entry = candidates.getFirst();
        Map<String, String> parameters = entry.pattern().match(text).orElseThrow();
        String docString =
                step.getDocString().map(d -> fill(d.getContent(), literal)).orElse(null);
        DataTable table = step.getDataTable().map(t -> fill(t, literal)).orElse(null);
        @SuppressWarnings("unchecked")
        Map<String, Object> binding = (Map<String, Object>)
                StepBindings.substitute(entry.binding(), StepBindings.values(parameters, docString, table));
        return Optional.of(new Matched(entry, binding));
    }

    /** An outline's placeholders of columns given as literals (an expected status) replaced by their value. */
    private static String fill(String text, Map<String, String> literal) {
        if (literal.isEmpty() || text == null) {
            return text;
        }
        return PLACEHOLDER.matcher(text).replaceAll(m -> {
            String value = literal.get(m.group(1).strip());
            return Matcher.quoteReplacement(value == null ? m.group() : value);
        });
    }

    private static DataTable fill(DataTable table, Map<String, String> literal) {
        if (literal.isEmpty()) {
            return table;
        }
        List<TableRow> rows = table.getRows().stream()
                .map(r -> new TableRow(
                        r.getLocation(),
                        r.getCells().stream()
                                .map(c -> new TableCell(c.getLocation(), fill(c.getValue(), literal)))
                                .toList(),
                        r.getId()))
                .toList();
        return new DataTable(table.getLocation(), rows);
    }

    /** Tags as case tags (without {@code @}, lower-case), after the ones the outer element gave. */
    private static List<String> tags(List<Tag> tags, List<String> outer) {
        List<String> all = new ArrayList<>(outer);
        for (Tag tag : tags) {
            String name = tag.getName().replaceFirst("^@", "").strip().toLowerCase(Locale.ROOT);
            if (name.length() > 50 || !TAG.matcher(name).matches()) {
                throw new InvalidInputException(
                        "content",
                        "line " + tag.getLocation().getLine() + ": tag " + tag.getName()
                                + " cannot file a case (letters, digits and _ . : / - only, at most 50 characters)");
            }
            if (!all.contains(name)) {
                all.add(name);
            }
        }
        if (all.size() > 19) {
            throw new InvalidInputException(
                    "content",
                    "line " + tags.getFirst().getLocation().getLine() + ": more than 19 tags on one scenario");
        }
        return all;
    }

    /** A label not used before in the file: a second scenario of the same name is "Name (2)". */
    private String unique(String label) {
        int seen = labels.merge(label, 1, Integer::sum);
        return seen == 1 ? label : label + " (" + seen + ")";
    }

    private String caseName(String scenario, int number, FeaturePlan.Step step) {
        String tail = " › " + number + ". " + step.keyword() + " " + step.text();
        String name = scenario.length() > 120 ? scenario.substring(0, 119) + "…" : scenario;
        String whole = name + tail;
        if (whole.length() > MAX_NAME) {
            whole = whole.substring(0, MAX_NAME - 1) + "…";
        }
        String candidate = whole;
        for (int n = 2; !caseNames.add(candidate); n++) {
            String suffix = " #" + n;
            candidate = (whole.length() + suffix.length() > MAX_NAME
                            ? whole.substring(0, MAX_NAME - suffix.length())
                            : whole)
                    + suffix;
        }
        return candidate;
    }

    private static String bounded(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME - 1) + "…" : name;
    }

    /** A stable key; a long one is its SHA-256, still stable. */
    static String key(String label) {
        if (label.length() <= MAX_KEY) {
            return label;
        }
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(label.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
