package dev.gantry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The PromQL expressions of the deployment files (Grafana dashboards, Prometheus alert rules) and the
 * metric names they use, so tests can hold them against what the apps really expose.
 */
final class MetricReferences {
    /** The repository's root: the integration tests run in their module's directory. */
    static final Path ROOT = findRoot();

    static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    static final Path ALERT_RULES = ROOT.resolve("deploy/prometheus/alerts.yml");

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "inf",
            "nan");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLES = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    private MetricReferences() {}

    /** An expression and where it was found (dashboard and panel, or rule). */
    record Expression(String where, String expr) {}

    /** Metric names used by {@code expr}: identifiers that are neither functions, keywords nor labels. */
    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll(" ");
        s = VARIABLES.matcher(s).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean function = after < s.length() && s.charAt(after) == '(';
            boolean numberPart = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !numberPart && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** Every {@code expr} of every panel target and templating query of the dashboards. */
    static List<Expression> dashboardExpressions() {
        List<Expression> found = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = Api.JSON.readTree(read(file));
            collectPanels(file.getFileName().toString(), dashboard.path("panels"), found);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString("") : query.asString("");
                Matcher values =
                        Pattern.compile("label_values\\((.*),\\s*[A-Za-z_]+\\)").matcher(text);
                if (values.matches()) {
                    found.add(new Expression(
                            file.getFileName() + " variable "
                                    + variable.path("name").asString(),
                            values.group(1)));
                }
            }
        }
        return found;
    }

    private static void collectPanels(String file, JsonNode panels, List<Expression> found) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    found.add(new Expression(
                            file + " panel '" + panel.path("title").asString() + "'",
                            target.get("expr").asString()));
                }
            }
            collectPanels(file, panel.path("panels"), found);
        }
    }

    /** Every {@code expr} of the alert rules. */
    @SuppressWarnings("unchecked")
    static List<Expression> alertExpressions() {
        Map<String, Object> rules = new Yaml().load(read(ALERT_RULES));
        List<Expression> found = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String name = (String) (rule.containsKey("alert") ? rule.get("alert") : rule.get("record"));
                found.add(new Expression("rule " + name, String.valueOf(rule.get("expr"))));
            }
        }
        return found;
    }

    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("gantry"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (the directory of ./gantry)");
        }
        return dir;
    }
}
