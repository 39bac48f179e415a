package dev.orchestra.packaged;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server ({@code target/quarkus-app}, as {@code ./mvnw package} leaves it) run as a process of its
 * own, started the way the README and the images start it: {@code java -jar quarkus-run.jar} from that
 * directory, with its AppCDS archive, the serial collector and a 128 MB heap. It gets only the environment
 * given here: no {@code QUARKUS_*}, {@code ORCHESTRA_*} or {@code PREFECT_*} variable leaks in from the build's.
 */
public final class PackagedServer implements AutoCloseable {

    /** The JVM's status after a stop on SIGTERM (128 + 15), the clean stop of a pod. */
    public static final int EXIT_ON_SIGTERM = 143;

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final long startedNanos = System.nanoTime();
    private volatile int port = -1;
    private final Thread reader;

    private PackagedServer(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (port < 0 && m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "packaged-server-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static Path appDirectory() {
        Path dir = Path.of(System.getProperty("orchestra.packaged.dir", "target/quarkus-app")).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException("no packaged server in " + dir + ": run ./mvnw verify (or package)");
        }
        return dir;
    }

    /** Starts {@code [prefix...] java ... -jar quarkus-run.jar} with exactly {@code env} (plus PATH and port 0). */
    public static PackagedServer start(Map<String, String> env, List<String> prefix) {
        Path dir = appDirectory();
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Files.isRegularFile(dir.resolve("app-cds.jsa"))) {
            command.add("-XX:SharedArchiveFile=app-cds.jsa");
        }
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("ORCHESTRA_")
                || k.startsWith("PREFECT_") || k.startsWith("JAVA_TOOL_OPTIONS"));
        environment.put("QUARKUS_HTTP_PORT", "0");
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        environment.putAll(env);
        try {
            return new PackagedServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PackagedServer start(Map<String, String> env) {
        return start(env, List.of());
    }

    /** Waits until the server listens; fails with its output if it exits or takes too long. */
    public PackagedServer awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (port < 0) {
            if (!process.isAlive() && port < 0) {
                Thread.sleep(100);
                if (port < 0) {
                    throw new IllegalStateException("the server exited (" + process.exitValue() + "):\n" + output);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not start within " + timeout + ":\n" + output);
            }
            Thread.sleep(50);
        }
        return this;
    }

    /** Waits for the process to end and returns its exit code (fails if it does not end in time). */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the server did not exit within " + timeout + ":\n" + output);
        }
        reader.join(10_000); // the rest of its output
        return process.exitValue();
    }

    /** Seconds since the process was started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** SIGTERM, as Kubernetes stops a container. */
    public void terminate() {
        process.destroy();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
