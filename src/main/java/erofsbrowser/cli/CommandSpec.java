package erofsbrowser.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a command takes and does, in words: the one description that the parser, {@code --help},
 * the man page and the completion script are all made from, so that they cannot disagree.
 *
 * @param name        the command word
 * @param summary     one line, lower case, no full stop: what it does (the help's command list)
 * @param description paragraphs of plain text
 * @param options     its options, the common ones included, in the order help lists them
 * @param operands    its positional arguments, in order
 * @param exitStatuses what each exit status means for this command
 * @param examples    command lines without the program name, each with what it does
 */
record CommandSpec(String name, String summary, List<String> description, List<Option> options,
                   List<Operand> operands, List<ExitStatus> exitStatuses, List<Example> examples) {

    /** What the value of an option or an operand is, for checking it and for completing it. */
    enum ValueKind {
        /** A number of bytes, 0 or more (decimal, or hex with 0x). */
        BYTES,
        /** A count, 1 or more. */
        COUNT,
        /** A file of the host. */
        FILE,
        /** A folder of the host. */
        DIRECTORY,
        /** A path inside the image. */
        IMAGE_PATH,
        /** A command word. */
        COMMAND,
        /** A shell that has a completion script. */
        SHELL
    }

    /**
     * An option: {@code -l}, {@code --long}, {@code --offset BYTES}.
     *
     * @param shortName "-l", or null
     * @param longName  "--long": the name the parser files its value under
     * @param valueName "BYTES" for an option that takes a value, null for a flag
     * @param kind      what the value is; null for a flag
     * @param repeatable whether it may be given more than once, each value counting
     * @param help      one sentence, lower case, no full stop
     */
    record Option(String shortName, String longName, String valueName, ValueKind kind, boolean repeatable,
                  String help) {
        static Option flag(String shortName, String longName, String help) {
            return new Option(shortName, longName, null, null, false, help);
        }

        static Option valued(String longName, String valueName, ValueKind kind, String help) {
            return new Option(null, longName, valueName, kind, false, help);
        }

        /** The same option, given once for each value. */
        Option repeatedly() {
            return new Option(shortName, longName, valueName, kind, true, help);
        }

        boolean takesValue() {
            return valueName != null;
        }

        /** "-l, --long" or "--offset BYTES", as help lists it. */
        String label() {
            String names = shortName == null ? longName : shortName + ", " + longName;
            return takesValue() ? names + " " + valueName : names;
        }
    }

    /** How many of an operand a command line holds. */
    enum Count { ONE, OPTIONAL, ANY }

    /**
     * A positional argument.
     *
     * @param help one sentence, lower case, no full stop
     */
    record Operand(String name, Count count, ValueKind kind, String help) {
        /** "IMAGE", "[PATH]", "[PATH...]", as a usage line shows it. */
        String synopsis() {
            return switch (count) {
                case ONE -> name;
                case OPTIONAL -> "[" + name + "]";
                case ANY -> "[" + name + "...]";
            };
        }
    }

    /** An exit status and what it means. */
    record ExitStatus(int code, String meaning) {
    }

    /** A command line (without the program name) and what it does. */
    record Example(String arguments, String what) {
    }

    /** The option named {@code name} (short or long), or null. */
    Option option(String name) {
        for (Option o : options) {
            if (name.equals(o.longName()) || name.equals(o.shortName())) {
                return o;
            }
        }
        return null;
    }

    /** "ls [-l] [-R] [--json] [--offset BYTES] [--device FILE]... IMAGE [PATH]": every option and operand. */
    String synopsis() {
        return String.join(" ", synopsisParts());
    }

    /** The synopsis in its parts: the command word, each option in its brackets, each operand. */
    List<String> synopsisParts() {
        List<String> parts = new ArrayList<>();
        parts.add(name);
        for (Option o : options) {
            if (o.longName().equals("--help")) {
                continue; // every command has it; help says so once
            }
            String shown = o.shortName() != null ? o.shortName() : o.longName();
            parts.add("[" + (o.takesValue() ? shown + " " + o.valueName() : shown) + "]" + (o.repeatable() ? "..." : ""));
        }
        for (Operand a : operands) {
            parts.add(a.synopsis());
        }
        return parts;
    }

    /*
     * What every run goes through (the parse) uses loops, not streams or lambdas: their classes and
     * call sites cost every start of the command line about 10 ms of CPU.
     */

    /** The fewest and the most operands a command line may hold ({@link Integer#MAX_VALUE}: no limit). */
    int minOperands() {
        int n = 0;
        for (Operand a : operands) {
            if (a.count() == Count.ONE) {
                n++;
            }
        }
        return n;
    }

    int maxOperands() {
        for (Operand a : operands) {
            if (a.count() == Count.ANY) {
                return Integer.MAX_VALUE;
            }
        }
        return operands.size();
    }
}
