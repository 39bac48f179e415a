package dev.orchestra.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU use over a measurement window, in cores: this generator's own (it shares the machine with the server),
 * the whole machine's (Linux {@code /proc/stat}), given its pid the server's, with its resident memory, and,
 * given the database name, that of the local PostgreSQL backends serving it (processes titled
 * {@code postgres: <user> <database> ...}). Anything that cannot be read is reported as unknown (-1).
 */
record Resources(long generatorCpuNanos, long machineBusyTicks, long machineTotalTicks, long serverCpuTicks,
        long serverRssKb, long serverPeakRssKb, long databaseCpuTicks, long nanos) {

    /** Linux's USER_HZ, the unit of /proc CPU times, on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    static Resources snapshot(List<Long> serverPids, String databaseName) {
        long generator = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            generator = os.getProcessCpuTime();
        }
        long busy = -1;
        long total = -1;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                total += Long.parseLong(cpu[i]);
            }
            busy = total - Long.parseLong(cpu[4]) - Long.parseLong(cpu[5]);
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        long server = -1;
        long rss = -1;
        long peak = -1;
        for (Long pid : serverPids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                List<String> status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
                server = Math.max(server, 0) + Long.parseLong(f[11]) + Long.parseLong(f[12]);
                rss = Math.max(rss, 0) + kb(status, "VmRSS:");
                peak = Math.max(peak, 0) + kb(status, "VmHWM:");
            } catch (IOException | RuntimeException e) {
                // gone or not Linux: unknown
            }
        }
        long database = databaseName == null ? -1 : backendTicks(databaseName);
        return new Resources(generator, busy, total, server, rss, peak, database, System.nanoTime());
    }

    /** CPU ticks of the local PostgreSQL backends connected to the database (connections that ended are lost). */
    private static long backendTicks(String databaseName) {
        String marker = " " + databaseName + " ";
        long sum = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String title = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                    if (title.startsWith("postgres: ") && title.contains(marker)) {
                        String stat = Files.readString(proc.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    private static long kb(List<String> status, String key) {
        return status.stream().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0])).orElse(-1L);
    }

    /**
     * "CPU in cores: generator 0.31, server 1.10, database 0.70, whole machine 1.96 of 2; server RSS 245 MB (peak
     * 260 MB)", then the CPU milliseconds each spent per iteration.
     */
    static String describe(Resources before, Resources after, long iterations) {
        double seconds = (after.nanos - before.nanos) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder sb = new StringBuilder("CPU in cores:");
        if (before.generatorCpuNanos >= 0) {
            sb.append(String.format(" generator %.2f", (after.generatorCpuNanos - before.generatorCpuNanos) / 1e9
                    / seconds));
        }
        if (before.serverCpuTicks >= 0 && after.serverCpuTicks >= 0) {
            sb.append(String.format(", server %.2f", (after.serverCpuTicks - before.serverCpuTicks)
                    / TICKS_PER_SECOND / seconds));
        }
        double database = -1;
        if (before.databaseCpuTicks >= 0 && after.databaseCpuTicks >= 0) {
            database = (after.databaseCpuTicks - before.databaseCpuTicks) / TICKS_PER_SECOND / seconds;
            sb.append(String.format(", database %.2f", database));
        }
        if (before.machineTotalTicks > 0 && after.machineTotalTicks > before.machineTotalTicks) {
            double busy = (double) (after.machineBusyTicks - before.machineBusyTicks)
                    / (after.machineTotalTicks - before.machineTotalTicks) * cores;
            sb.append(String.format(", whole machine %.2f of %d", busy, cores));
        }
        if (after.serverRssKb >= 0) {
            sb.append(String.format("; server RSS %d MB (peak %d MB)", after.serverRssKb / 1024,
                    after.serverPeakRssKb / 1024));
        }
        if (iterations > 0) {
            double perIteration = 1000.0 * seconds / iterations;
            sb.append(String.format("%n  CPU ms per iteration:"));
            if (before.generatorCpuNanos >= 0) {
                sb.append(String.format(" generator %.2f", (after.generatorCpuNanos - before.generatorCpuNanos) / 1e9
                        / seconds * perIteration));
            }
            if (before.serverCpuTicks >= 0 && after.serverCpuTicks >= 0) {
                sb.append(String.format(", server %.2f", (after.serverCpuTicks - before.serverCpuTicks)
                        / TICKS_PER_SECOND / seconds * perIteration));
            }
            if (database >= 0) {
                sb.append(String.format(", database %.2f", database * perIteration));
            }
        }
        return sb.toString();
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
