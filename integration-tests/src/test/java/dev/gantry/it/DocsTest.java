package dev.gantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documents stay true to the code: every class {@code docs/architecture.md} names exists, every
 * relative link of the READMEs and {@code docs/} resolves (to a heading too, when it names one), the
 * README stays short enough to read in ten minutes, and every main package says what it owns in a
 * {@code package-info.java}. Reads files only; needs no service.
 */
class DocsTest {
    private static final Path ROOT = findRoot();
    private static final Path ARCHITECTURE = ROOT.resolve("docs/architecture.md");
    private static final int README_MAX_LINES = 300;

    /** Modules whose main packages each need a {@code package-info.java}. */
    private static final List<String> MODULES_WITH_PACKAGE_INFO = List.of(
            "control-plane",
            "worker",
            "shared-model",
            "shared-infrastructure",
            "client",
            "test-support",
            "demo",
            "cli",
            "bench");

    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    /** A type name, optionally with a method: {@code RunStore}, {@code RunStore.finish()}, {@code RunStore#finish()}. */
    private static final Pattern TYPE = Pattern.compile("([A-Z][a-z][A-Za-z0-9]*)(?:[.#]([a-z][A-Za-z0-9]*)\\(\\))?");

    /** Tests the map names (the rules and checks that hold it): looked up among test sources. */
    private static final Pattern TEST_NAME = Pattern.compile(".*(Test|IT)");

    private static final Pattern JAVA_PATH = Pattern.compile("[A-Za-z0-9_./-]+\\.java");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]\\n]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void everyClassTheArchitectureNamesExists() {
        Map<String, List<Path>> sources = sources("src/main/java");
        Map<String, List<Path>> tests = sources("src/test/java");
        List<String> missing = new ArrayList<>();
        for (String span : codeSpans(read(ARCHITECTURE))) {
            if (JAVA_PATH.matcher(span).matches()) {
                boolean found = span.contains("/")
                        ? Files.isRegularFile(ROOT.resolve(span))
                        : sources.containsKey(span.substring(0, span.length() - ".java".length()));
                if (!found) {
                    missing.add(span + " (no such file)");
                }
                continue;
            }
            Matcher type = TYPE.matcher(span);
            if (!type.matches()) {
                continue;
            }
            boolean test = TEST_NAME.matcher(type.group(1)).matches();
            List<Path> files = (test ? tests : sources).get(type.group(1));
            if (files == null) {
                missing.add(span + " (no " + type.group(1) + ".java under */"
                        + (test ? "src/test/java" : "src/main/java") + ")");
            } else if (type.group(2) != null && files.stream().noneMatch(f -> read(f).contains(type.group(2) + "("))) {
                missing.add(span + " (" + type.group(1) + " has no method " + type.group(2) + ")");
            }
        }
        assertThat(missing)
                .as("names in docs/architecture.md that the code does not have; rename or remove them there")
                .isEmpty();
    }

    @Test
    void everyRelativeLinkResolves() {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            String text = withoutFences(read(doc));
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved =
                        file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                String where = ROOT.relativize(doc) + ": " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null
                        && resolved.toString().endsWith(".md")
                        && !anchors(read(resolved)).contains(anchor)) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("relative links that lead nowhere").isEmpty();
    }

    @Test
    void theReadmeIsReadInTenMinutes() {
        long lines = read(ROOT.resolve("README.md")).lines().count();
        assertThat(lines)
                .as("README.md has %d lines; move detail into docs/ and link to it", lines)
                .isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void everyMainPackageSaysWhatItOwns() {
        List<String> without = new ArrayList<>();
        for (String module : MODULES_WITH_PACKAGE_INFO) {
            Path main = ROOT.resolve(module).resolve("src/main/java");
            assertThat(main).as("main sources of %s", module).isDirectory();
            for (Path dir : packagesOf(main)) {
                if (!Files.isRegularFile(dir.resolve("package-info.java"))) {
                    without.add(module + ": " + main.relativize(dir).toString().replace('/', '.'));
                }
            }
        }
        assertThat(without)
                .as("main packages without a package-info.java saying what the package owns")
                .isEmpty();
    }

    /** The checks above would pass on nothing: make sure they look at what they should. */
    @Test
    void theChecksSeeTheDocuments() {
        assertThat(codeSpans(read(ARCHITECTURE)))
                .as("class names in docs/architecture.md")
                .contains("RunStore", "PartitionTallyWriter", "ChainExecutor");
        assertThat(anchors("## Each step of a run → class → file\n## Who gets in, and what is shown\n"))
                .containsExactlyInAnyOrder("each-step-of-a-run--class--file", "who-gets-in-and-what-is-shown");
        assertThat(documents()).contains(ROOT.resolve("README.md"), ARCHITECTURE);
    }

    /** Inline code spans outside fenced blocks. */
    static Set<String> codeSpans(String markdown) {
        Set<String> spans = new TreeSet<>();
        Matcher m = CODE_SPAN.matcher(withoutFences(markdown));
        while (m.find()) {
            spans.add(m.group(1).trim());
        }
        return spans;
    }

    /** The anchors GitHub gives a document's headings, duplicates numbered as it does. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(withoutFences(markdown));
        while (m.find()) {
            String slug = m.group(1)
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    private static String withoutFences(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    /** Source files under {@code sourceRoot} of every module, by simple name. */
    private static Map<String, List<Path>> sources(String sourceRoot) {
        Map<String, List<Path>> byName = new HashMap<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path main : modules.map(m -> m.resolve(sourceRoot))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                        String name = f.getFileName().toString();
                        byName.computeIfAbsent(
                                        name.substring(0, name.length() - ".java".length()), k -> new ArrayList<>())
                                .add(f);
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byName;
    }

    /** Directories under {@code main} that hold Java sources. */
    private static List<Path> packagesOf(Path main) {
        try (Stream<Path> dirs = Files.walk(main)) {
            return dirs.filter(Files::isDirectory)
                    .filter(DocsTest::holdsJava)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java")
                    && !f.getFileName().toString().equals("package-info.java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md, every module's README and docs/*.md. */
    private static List<Path> documents() {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> top = Files.list(ROOT);
                Stream<Path> inDocs = Files.list(ROOT.resolve("docs"))) {
            top.map(dir -> dir.resolve("README.md"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .forEach(docs::add);
            inDocs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/architecture.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (the directory of docs/architecture.md)");
        }
        return dir;
    }
}
