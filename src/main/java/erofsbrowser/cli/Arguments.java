package erofsbrowser.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parsed command line: the command word, the options common to all commands, the flags
 * and the positional arguments. Unknown options are usage errors.
 */
record Arguments(String command, long offset, List<Path> devices, Set<String> flags, int threads, List<String> positional) {

    static Arguments parse(String[] args, Set<String> knownFlags) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("no command given");
        }
        String command = args[0];
        long offset = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        List<Path> devices = new ArrayList<>();
        Set<String> flags = new java.util.TreeSet<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.equals("--offset") || a.startsWith("--offset=")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : value(args, ++i, a);
                offset = number(v, a);
            } else if (a.equals("--device") || a.startsWith("--device=")) {
                devices.add(Path.of(a.contains("=") ? a.substring(a.indexOf('=') + 1) : value(args, ++i, a)));
            } else if (a.equals("--threads") || a.startsWith("--threads=")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : value(args, ++i, a);
                threads = (int) number(v, a);
                if (threads < 1) {
                    throw new UsageException("--threads must be at least 1");
                }
            } else if (!a.startsWith("--") && a.length() > 2) {
                for (char c : a.substring(1).toCharArray()) {
                    flag("-" + c, knownFlags, flags);
                }
            } else {
                flag(a, knownFlags, flags);
            }
        }
        return new Arguments(command, offset, devices, flags, threads, positional);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    private static void flag(String f, Set<String> known, Set<String> flags) throws UsageException {
        if (!known.contains(f)) {
            throw new UsageException("unknown option " + f);
        }
        flags.add(f);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static long number(String v, String option) throws UsageException {
        try {
            long n = Long.decode(v);
            if (n < 0) {
                throw new UsageException(option + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, not \"" + v + "\"");
        }
    }

    /** Wrong use found while a command runs (a missing argument): exit status 2. */
    static final class UsageFailure extends RuntimeException {
        UsageFailure(String message) {
            super(message);
        }
    }

    /** The positional argument after the image at {@code index} (0 = the first after the image). */
    String operand(int index, String what) {
        if (positional.size() <= index + 1) {
            throw new UsageFailure("missing " + what);
        }
        return positional.get(index + 1);
    }

    /** Wrong use of the command line: exit status 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
