package dev.gantry.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of an app's {@code /actuator/prometheus}: its samples, in Prometheus's text format. */
record Scrape(String url, String text) {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    /** A sample: metric name, its labels as written (or empty) and value. */
    record Sample(String name, String labels, double value) {}

    static Scrape of(String baseUrl) {
        String url = baseUrl + "/actuator/prometheus";
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
            }
            return new Scrape(url, response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot scrape " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (m.find()) {
                samples.add(new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), parse(m.group(3))));
            }
        }
        return samples;
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples().forEach(s -> names.add(s.name()));
        return names;
    }

    /** Sum of the samples of {@code name} whose labels contain every one of {@code labels} ({@code key="value"}). */
    double sum(String name, String... labels) {
        return samples().stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> List.of(labels).stream().allMatch(l -> s.labels().contains(l)))
                .mapToDouble(Sample::value)
                .sum();
    }

    boolean has(String name, String... labels) {
        return samples().stream()
                .anyMatch(s -> s.name().equals(name)
                        && List.of(labels).stream().allMatch(l -> s.labels().contains(l)));
    }

    private static double parse(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
        };
    }
}
