package erofsbrowser.cli;

import erofsbrowser.cli.CommandSpec.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line parsed against its command's {@link CommandSpec}, as POSIX and GNU tools do:
 * options anywhere before {@code --}, long ones as {@code --name VALUE} or {@code --name=VALUE},
 * flags bundled ({@code -lR}), {@code -} an operand. Unknown options, values that are not what
 * the option takes, and too few or too many operands are usage errors.
 *
 * @param command  the command word
 * @param options  each option given, by its long name, with its values in order ("" for a flag)
 * @param operands the positional arguments, IMAGE first
 */
record Arguments(String command, Map<String, List<String>> options, List<String> operands) {

    /** Parses {@code argv} from index {@code from} (the word after the command). */
    static Arguments parse(CommandSpec spec, String[] argv, int from) throws UsageException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                operands.add(a);
            } else if (a.equals("--")) {
                optionsEnded = true;
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                Option o = known(spec, name);
                if (!o.takesValue()) {
                    if (eq >= 0) {
                        throw new UsageException(name + " takes no value");
                    }
                    add(options, o, "");
                } else {
                    String value = eq >= 0 ? a.substring(eq + 1) : valueAfter(argv, ++i, o);
                    add(options, o, checked(o, value));
                }
            } else {
                for (int k = 1; k < a.length(); k++) {
                    Option o = known(spec, "-" + a.charAt(k));
                    if (o.takesValue()) { // the rest of the word, or the next argument
                        String value = k + 1 < a.length() ? a.substring(k + 1) : valueAfter(argv, ++i, o);
                        add(options, o, checked(o, value));
                        break;
                    }
                    add(options, o, "");
                }
            }
        }
        if (operands.size() < spec.minOperands()) {
            throw new UsageException("missing " + spec.operands().get(operands.size()).name());
        }
        if (operands.size() > spec.maxOperands()) {
            throw new UsageException("too many arguments: " + String.join(" ", operands.subList(spec.maxOperands(),
                    operands.size())));
        }
        return new Arguments(argv[from - 1], options, List.copyOf(operands));
    }

    /**
     * Whether {@code argv} asks for help ({@code -h} or {@code --help} before any {@code --}),
     * which then comes whatever else the line holds.
     */
    static boolean asksForHelp(String[] argv, int from) {
        for (int i = from; i < argv.length; i++) {
            if (argv[i].equals("--")) {
                return false;
            }
            if (argv[i].equals("--help") || argv[i].equals("-h")) {
                return true;
            }
        }
        return false;
    }

    private static Option known(CommandSpec spec, String name) throws UsageException {
        Option o = spec.option(name);
        if (o == null) {
            List<String> names = new ArrayList<>();
            spec.options().forEach(x -> names.add(x.longName()));
            String near = name.startsWith("--") ? Spelling.closest(name, names) : null;
            throw new UsageException("unknown option " + name + (near == null ? "" : "; did you mean " + near + "?"));
        }
        return o;
    }

    private static void add(Map<String, List<String>> options, Option o, String value) {
        List<String> values = options.get(o.longName()); // no lambda: see CommandSpec.minOperands
        if (values == null) {
            values = new ArrayList<>();
            options.put(o.longName(), values);
        }
        if (!o.repeatable()) {
            values.clear(); // the last one given counts
        }
        values.add(value);
    }

    private static String valueAfter(String[] argv, int i, Option o) throws UsageException {
        if (i >= argv.length) {
            throw new UsageException(o.longName() + " needs a value (" + o.valueName() + ")");
        }
        return argv[i];
    }

    private static String checked(Option o, String value) throws UsageException {
        switch (o.kind()) {
            case BYTES -> number(o, value, 0);
            case COUNT -> {
                if (number(o, value, 1) > Integer.MAX_VALUE) {
                    throw new UsageException(o.longName() + " takes at most " + Integer.MAX_VALUE);
                }
            }
            default -> {
                if (value.isEmpty()) {
                    throw new UsageException(o.longName() + " needs a value (" + o.valueName() + ")");
                }
            }
        }
        return value;
    }

    private static long number(Option o, String value, long least) throws UsageException {
        long n;
        try {
            n = parseNumber(value);
        } catch (NumberFormatException e) {
            throw new UsageException(o.longName() + " takes a number, not \"" + value + "\"");
        }
        if (n < least) {
            throw new UsageException(o.longName() + " must be at least " + least + ", not " + n);
        }
        return n;
    }

    /** Decimal, or hexadecimal after 0x (not octal after a 0, as Long.decode would read "010"). */
    static long parseNumber(String value) {
        if (value.startsWith("0x") || value.startsWith("0X")) {
            return Long.parseLong(value.substring(2), 16);
        }
        return Long.parseLong(value);
    }

    boolean has(String longName) {
        return options.containsKey(longName);
    }

    /** The last value of an option, or null when it was not given. */
    String value(String longName) {
        List<String> values = options.get(longName);
        return values == null ? null : values.get(values.size() - 1);
    }

    String image() {
        return operands.get(0);
    }

    /** The operand at {@code index} (0 is IMAGE), or null when the line holds fewer. */
    String operand(int index) {
        return index < operands.size() ? operands.get(index) : null;
    }

    long offset() {
        String v = value(CommonOptions.OFFSET.longName());
        return v == null ? 0 : parseNumber(v);
    }

    List<Path> devices() {
        List<Path> devices = new ArrayList<>();
        for (String d : options.getOrDefault(CommonOptions.DEVICE.longName(), List.of())) {
            devices.add(Path.of(d));
        }
        return devices;
    }

    int threads() {
        String v = value(CommonOptions.THREADS.longName());
        return v == null ? Runtime.getRuntime().availableProcessors() : (int) parseNumber(v);
    }

    /** Wrong use of the command line: exit status 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
