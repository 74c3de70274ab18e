package dev.gantry.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoOptionsTest {

    private static final UnaryOperator<String> NO_ENV = name -> null;
    private static final UnaryOperator<String> ENV_WITH_KEY = Map.of("GANTRY_ADMIN_KEY", "gk_env")::get;

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenOnlyTheKeyIsGiven() throws Exception {
        DemoOptions options = DemoOptions.parse(new String[] {"--api-key", "gk_abc"}, NO_ENV);

        assertThat(options)
                .isEqualTo(
                        new DemoOptions(URI.create("http://127.0.0.1:8080"), "gk_abc", 1000, Duration.ofSeconds(600)));
    }

    @Test
    void everyOptionCanBeSetInBothSpellings() throws Exception {
        DemoOptions options = DemoOptions.parse(
                new String[] {
                    "--control-plane=http://gantry.example:9000/",
                    "--api-key",
                    "gk_abc",
                    "--rows=7",
                    "--timeout-seconds",
                    "30"
                },
                NO_ENV);

        assertThat(options)
                .isEqualTo(
                        new DemoOptions(URI.create("http://gantry.example:9000"), "gk_abc", 7, Duration.ofSeconds(30)));
    }

    @Test
    void keyFileIsReadAndTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("admin-key"), "gk_from_file\n");

        DemoOptions options = DemoOptions.parse(new String[] {"--api-key-file", file.toString()}, ENV_WITH_KEY);

        assertThat(options.apiKey()).isEqualTo("gk_from_file");
    }

    @Test
    void environmentKeyIsTheFallback() throws Exception {
        assertThat(DemoOptions.parse(new String[0], ENV_WITH_KEY).apiKey()).isEqualTo("gk_env");
    }

    @Test
    void explicitKeyWinsOverTheEnvironment() throws Exception {
        assertThat(DemoOptions.parse(new String[] {"--api-key", "gk_arg"}, ENV_WITH_KEY)
                        .apiKey())
                .isEqualTo("gk_arg");
    }

    @Test
    void missingKeyIsExplainedWithoutTheUsageText() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[0], NO_ENV))
                .isInstanceOfSatisfying(
                        UsageException.class, e -> assertThat(e.showUsage()).isFalse())
                .hasMessageContaining("no API key")
                .hasMessageContaining("--api-key-file")
                .hasMessageContaining("GANTRY_ADMIN_KEY");
    }

    @Test
    void missingOrEmptyKeyFileIsReported() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "  \n");

        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--api-key-file", empty.toString()}, ENV_WITH_KEY))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> DemoOptions.parse(
                        new String[] {"--api-key-file", dir.resolve("absent").toString()}, ENV_WITH_KEY))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("cannot read the API key file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "1.5", "", "99999999999"})
    void rowsMustBeAPositiveWholeNumber(String rows) {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--rows=" + rows}, ENV_WITH_KEY))
                .isInstanceOfSatisfying(
                        UsageException.class, e -> assertThat(e.showUsage()).isTrue())
                .hasMessageContaining("--rows must be a whole number of at least 1");
    }

    @Test
    void timeoutMustBeAtLeastOneSecond() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--timeout-seconds", "0"}, ENV_WITH_KEY))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--timeout-seconds");
    }

    @Test
    void oneRowIsEnough() throws Exception {
        assertThat(DemoOptions.parse(new String[] {"--rows", "1"}, ENV_WITH_KEY).rows())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host", "localhost:8080", "http://", "http://exa mple"})
    void controlPlaneMustBeAnHttpUrl(String url) {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--control-plane", url}, ENV_WITH_KEY))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--control-plane must be an http(s) URL");
    }

    @Test
    void unknownArgumentIsRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--row", "5"}, ENV_WITH_KEY))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown argument: --row");
    }

    @Test
    void optionWithoutValueIsRejected() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--rows"}, ENV_WITH_KEY))
                .isInstanceOf(UsageException.class)
                .hasMessage("--rows needs a value");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--api-key", "--rows", "5"}, NO_ENV))
                .isInstanceOf(UsageException.class)
                .hasMessage("--api-key needs a value");
    }

    @Test
    void bothKeySourcesAtOnceAreRejected() {
        assertThatThrownBy(() ->
                        DemoOptions.parse(new String[] {"--api-key", "gk_a", "--api-key-file", "/tmp/key"}, NO_ENV))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("not both");
    }
}
