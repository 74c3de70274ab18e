package dev.gantry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of the farm's processes, read from Linux's {@code /proc/<pid>/stat}: user and system time
 * of every thread of a process, plus what its exited children used (PostgreSQL's backends and
 * nginx's workers are children of their masters, so CPU of one that exits between two readings
 * moves from the child to the master and is never lost). A group is a list of pids or every
 * process with one of some command names.
 */
final class ProcessCpu {
    /** Linux's USER_HZ: the unit of the times in {@code /proc/<pid>/stat} on every architecture Java runs on. */
    private static final double MILLIS_PER_TICK = 10.0;

    private static final Path PROC = Path.of("/proc");

    static final String WORKERS = "workers";
    static final String CONTROL_PLANE = "control plane";
    static final String TARGET = "target";

    /** A named set of processes whose CPU is added up. */
    record Group(String name, List<Long> pids, Set<String> commands) {
        static Group ofPids(String name, List<Long> pids) {
            return new Group(name, List.copyOf(pids), Set.of());
        }

        static Group ofCommands(String name, String... commands) {
            return new Group(name, List.of(), Set.of(commands));
        }
    }

    /** CPU milliseconds of each group at one moment, with the moment ({@link System#nanoTime()}). */
    record Reading(long nanoTime, Map<String, Double> cpuMs) {
        /** The CPU each group used from {@code earlier} to this reading. */
        Map<String, Double> since(Reading earlier) {
            Map<String, Double> used = new LinkedHashMap<>();
            cpuMs.forEach((name, ms) -> used.put(name, ms - earlier.cpuMs().getOrDefault(name, 0.0)));
            return used;
        }
    }

    private final List<Group> groups;

    ProcessCpu(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    /** The groups of a farm on this machine: its Java processes by pid, the services and the target by name. */
    static ProcessCpu ofFarm(List<Long> workerPids, long controlPlanePid) {
        return new ProcessCpu(List.of(
                Group.ofPids(WORKERS, workerPids),
                Group.ofPids(CONTROL_PLANE, List.of(controlPlanePid)),
                Group.ofCommands("postgresql", "postgres"),
                Group.ofCommands("redis", "redis-server"),
                Group.ofCommands("rabbitmq", "beam.smp", "erl_child_setup", "epmd", "inet_gethost"),
                Group.ofCommands(TARGET, "nginx")));
    }

    Reading read() throws IOException {
        long now = System.nanoTime();
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (Group group : groups) {
            cpu.put(group.name(), 0.0);
        }
        boolean byCommand = groups.stream().anyMatch(g -> !g.commands().isEmpty());
        if (byCommand) {
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isPid(p.getFileName()))) {
                for (Path process : processes) {
                    Stat stat = stat(process);
                    if (stat == null) {
                        continue;
                    }
                    for (Group group : groups) {
                        if (group.commands().contains(stat.command())) {
                            cpu.merge(group.name(), stat.totalMs(), Double::sum);
                        }
                    }
                }
            }
        }
        for (Group group : groups) {
            for (long pid : group.pids()) {
                Stat stat = stat(PROC.resolve(String.valueOf(pid)));
                if (stat != null) {
                    cpu.merge(group.name(), stat.totalMs(), Double::sum);
                }
            }
        }
        return new Reading(now, cpu);
    }

    /** This process's own CPU milliseconds (the raw baseline's client). */
    static double ownCpuMs() throws IOException {
        Stat stat = stat(PROC.resolve("self"));
        return stat == null ? 0 : stat.totalMs();
    }

    private static boolean isPid(Path name) {
        String text = name.toString();
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** Command name and CPU of one process; null when it has exited meanwhile. */
    record Stat(String command, double totalMs) {}

    static Stat stat(Path process) throws IOException {
        String line;
        try {
            line = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            if (!Files.exists(process)) {
                return null; // exited while being read
            }
            throw e;
        }
        return parse(line);
    }

    /**
     * Fields of {@code /proc/<pid>/stat} (proc(5)): the command name in parentheses (it may hold spaces
     * and parentheses itself, so it ends at the last ')'), then utime, stime, cutime and cstime as the
     * 14th to 17th fields.
     */
    static Stat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String command = line.substring(open + 1, close);
        String[] fields = line.substring(close + 2).trim().split(" ");
        // fields[0] is the 3rd field (state); utime is the 14th
        long ticks = 0;
        for (int field = 14; field <= 17; field++) {
            ticks += Long.parseLong(fields[field - 3]);
        }
        return new Stat(command, ticks * MILLIS_PER_TICK);
    }
}
