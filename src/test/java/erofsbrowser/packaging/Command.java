package erofsbrowser.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program run to its end, as a user or a desktop would run it: the test JVM's environment with
 * {@code env} on top (a value of null removes the variable), standard input empty.
 *
 * @param command what was run
 * @param status  its exit status
 * @param out     its standard output
 * @param err     its standard error
 */
record Command(List<String> command, int status, String out, String err) {
    static final Duration PATIENCE = Duration.ofMinutes(5);

    static Command run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        return run(env, Path.of("."), PATIENCE, List.of(command));
    }

    static Command run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    static Command run(Map<String, String> env, Path dir, Duration patience, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("erofs-command-", ".out");
        Path err = Files.createTempFile("erofs-command-", ".err");
        try {
            Process p = builder(env, dir, command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within " + patience
                        + "\nstderr:\n" + Files.readString(err));
            }
            return new Command(List.copyOf(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A process builder with the test JVM's environment and {@code env} on top. */
    static ProcessBuilder builder(Map<String, String> env, Path dir, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = pb.environment();
        environment.put("LC_ALL", "C.UTF-8");
        env.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name);
            } else {
                environment.put(name, value);
            }
        });
        return pb;
    }

    /** {@code base} with {@code name} set to {@code value}. */
    static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> env = new HashMap<>(base);
        env.put(name, value);
        return env;
    }

    /** Fails unless the program exited with 0. */
    Command succeeded() {
        if (status != 0) {
            throw new AssertionError(describe());
        }
        return this;
    }

    List<String> outLines() {
        return new ArrayList<>(out.lines().toList());
    }

    String describe() {
        return String.join(" ", command) + ": exit status " + status + "\nstderr:\n" + err + "stdout:\n" + out;
    }
}
