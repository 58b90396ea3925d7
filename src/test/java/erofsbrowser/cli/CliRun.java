package erofsbrowser.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One in-process run of the command line, {@link Cli#run}, with both output streams captured.
 * An exception escaping {@code Cli.run} fails the test: the command line must turn every problem
 * into an exit status and a message.
 */
record CliRun(List<String> args, int status, byte[] out, String err) {

    static CliRun of(Object... args) {
        String[] argv = Arrays.stream(args).map(a -> a instanceof Path p ? p.toString() : (String) a).toArray(String[]::new);
        return of(argv);
    }

    static CliRun of(List<String> args) {
        return of(args.toArray(String[]::new));
    }

    static CliRun of(String[] argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            try {
                status = Cli.run(argv, out, errStream);
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                errStream.flush();
                return fail("Cli.run(" + String.join(" ", argv) + ") threw instead of exiting with a status:\n" + trace
                        + "\nstderr so far:\n" + err.toString(StandardCharsets.UTF_8));
            }
        }
        return new CliRun(List.of(argv), status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String outText() {
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Standard output split into lines (without their "\n"). */
    List<String> outLines() {
        return outText().lines().toList();
    }

    List<String> errLines() {
        return new ArrayList<>(err.lines().toList());
    }

    /** For assertion messages. */
    String describe() {
        String o = outText();
        return "erofs-browser " + String.join(" ", args) + "\nexit status " + status + "\nstderr:\n" + err
                + "stdout" + (o.length() > 2000 ? " (first 2000 chars)" : "") + ":\n" + o.substring(0, Math.min(2000, o.length()));
    }
}
