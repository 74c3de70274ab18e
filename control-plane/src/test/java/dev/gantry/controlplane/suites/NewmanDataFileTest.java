package dev.gantry.controlplane.suites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gantry.controlplane.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Newman's iteration data files, JSON and CSV, read as Newman reads them. */
class NewmanDataFileTest {
    static List<Map<String, Object>> read(String file, NewmanDataFile.Format format) {
        return NewmanDataFile.read(file.getBytes(StandardCharsets.UTF_8), format);
    }

    @Test
    void jsonValuesBecomeTheTextNewmanInserts() {
        List<Map<String, Object>> rows = read(
                """
                [{"name": "apple", "price": 1.50, "count": 3, "big": 12345678901234567890, "ok": true,
                  "tags": ["a", "b"], "owner": {"id": 7}, "gone": null, "tiny": 1e-7, "huge": 1.5e21}]""",
                NewmanDataFile.Format.JSON);
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst())
                .containsExactly(
                        Map.entry("name", "apple"),
                        Map.entry("price", "1.5"),
                        Map.entry("count", "3"),
                        Map.entry("big", "12345678901234567890"),
                        Map.entry("ok", "true"),
                        Map.entry("tags", "[\"a\",\"b\"]"),
                        Map.entry("owner", "{\"id\":7}"),
                        Map.entry("tiny", "1e-7"),
                        Map.entry("huge", "1.5e+21"));
    }

    @Test
    void javaScriptPrintsNumbersItsOwnWay() {
        assertThat(NewmanDataFile.javaScriptNumber(1000.0)).isEqualTo("1000");
        assertThat(NewmanDataFile.javaScriptNumber(-0.5)).isEqualTo("-0.5");
        assertThat(NewmanDataFile.javaScriptNumber(0.000001)).isEqualTo("0.000001");
        assertThat(NewmanDataFile.javaScriptNumber(1e21)).isEqualTo("1e+21");
        assertThat(NewmanDataFile.javaScriptNumber(123456789012345680000.0)).isEqualTo("123456789012345680000");
        assertThat(NewmanDataFile.javaScriptNumber(1.2345e-8)).isEqualTo("1.2345e-8");
    }

    @Test
    void csvIsReadWithNewmansOptions() {
        String csv = "\uFEFFname, note ,qty\r\n"
                + " apple , \"with, comma\" ,007\r\n"
                + "\"pear\",\"say \"\"hi\"\"\"\r\n"
                + "plum,ab\"c,1,extra\r\n"
                + "\r\n"
                + "\"multi\nline\",x,2\r\n";
        List<Map<String, Object>> rows = read(csv, NewmanDataFile.Format.CSV);
        assertThat(rows)
                .containsExactly(
                        Map.of("name", "apple", "note", "with, comma", "qty", "007"),
                        Map.of("name", "pear", "note", "say \"hi\""),
                        Map.of("name", "plum", "note", "ab\"c", "qty", "1"),
                        Map.of("name", ""),
                        Map.of("name", "multi\nline", "note", "x", "qty", "2"));
    }

    @Test
    void withoutAContentTypeJsonIsTriedFirstThenCsv() {
        assertThat(NewmanDataFile.formatOf("text/plain")).isNull();
        assertThat(NewmanDataFile.formatOf("application/json; charset=utf-8")).isEqualTo(NewmanDataFile.Format.JSON);
        assertThat(NewmanDataFile.formatOf("text/csv")).isEqualTo(NewmanDataFile.Format.CSV);
        assertThat(read("[{\"a\": 1}]", null)).containsExactly(Map.of("a", "1"));
        assertThat(read("a\n1\n", null)).containsExactly(Map.of("a", "1"));
    }

    @Test
    void whatIsNotADataFileIsRefusedNamingTheField() {
        assertThatThrownBy(() -> read("{\"a\": 1}", NewmanDataFile.Format.JSON))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("body"));
        assertThatThrownBy(() -> read("[{\"a\": 1}, 2]", NewmanDataFile.Format.JSON))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.violations().getFirst().field()).isEqualTo("rows[1]"));
        assertThatThrownBy(() -> NewmanDataFile.read(new byte[] {(byte) 0xff, (byte) 0xfe}, null))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage())
                        .contains("UTF-8"));
    }
}
