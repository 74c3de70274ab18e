package dev.gantry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aStatLineGivesItsCommandAndItsOwnAndItsExitedChildrensTime() {
        // a command name with a space and a parenthesis of its own; utime 150, stime 50, cutime 7, cstime 3
        String line =
                "4242 (postgres: a) b) S 1 4242 4242 0 -1 4194560 1000 0 0 0 150 50 7 3 20 0 1 0 100 1 1 18446744073709551615";

        ProcessCpu.Stat stat = ProcessCpu.parse(line);

        assertThat(stat.command()).isEqualTo("postgres: a) b");
        assertThat(stat.totalMs()).isEqualTo(2100.0);
    }

    @Test
    void thisProcessIsFoundByItsPidAndUsesCpu() throws Exception {
        ProcessCpu cpu = new ProcessCpu(List.of(
                ProcessCpu.Group.ofPids("me", List.of(ProcessHandle.current().pid()))));
        ProcessCpu.Reading before = cpu.read();
        long spin = 0;
        long until = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        Map<String, Double> used = cpu.read().since(before);

        assertThat(spin).isPositive();
        assertThat(used.get("me")).isGreaterThan(0.0);
        assertThat(ProcessCpu.ownCpuMs()).isGreaterThan(0.0);
    }
}
