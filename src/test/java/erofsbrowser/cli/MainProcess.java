package erofsbrowser.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code erofsbrowser.Main} run in a JVM of its own, as a user runs it, with no display: DISPLAY
 * and WAYLAND_DISPLAY unset, and none of the test JVM's JavaFX settings (no headless platform).
 *
 * @param status the exit status
 */
record MainProcess(int status, String out, String err) {

    /** Runs Main with {@code args} on the tests' class path, {@code jvmOptions} before the class. */
    static MainProcess run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return run(List.of(), jvmOptions, System.getProperty("java.class.path"), args);
    }

    static MainProcess run(String... args) throws IOException, InterruptedException {
        return run(List.of(), args);
    }

    /** As {@link #run(String...)}, in the working folder {@code dir}. */
    static MainProcess runIn(Path dir, String... args) throws IOException, InterruptedException {
        return run(List.of(), List.of(), System.getProperty("java.class.path"), dir, args);
    }

    static MainProcess run(List<String> prefix, List<String> jvmOptions, String classPath, String... args)
            throws IOException, InterruptedException {
        return run(prefix, jvmOptions, classPath, Path.of("."), args);
    }

    /** As {@link #run(String...)}, under the locale {@code locale} (LC_ALL) rather than C.UTF-8. */
    static MainProcess runInLocale(String locale, String... args) throws IOException, InterruptedException {
        return run(List.of("env", "-u", "LANG", "LC_ALL=" + locale), List.of(), System.getProperty("java.class.path"),
                Path.of("."), args);
    }

    /**
     * As {@link #run(List, String...)}, with {@code prefix} (such as setpriv and its options) before
     * java, the class path given, in the working folder {@code dir}.
     */
    static MainProcess run(List<String> prefix, List<String> jvmOptions, String classPath, Path dir, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:-UsePerfData");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, "erofsbrowser.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.put("LC_ALL", "C.UTF-8"); // the env of a prefix may change it
        Path err = Files.createTempFile("erofs-main-", ".err");
        try {
            pb.redirectError(err.toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("Main " + String.join(" ", args) + " did not end within 60 s");
            }
            return new MainProcess(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    String describe() {
        return "exit status " + status + "\nstderr:\n" + err + "stdout:\n" + out;
    }
}
