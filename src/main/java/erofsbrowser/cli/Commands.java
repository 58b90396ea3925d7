package erofsbrowser.cli;

import erofsbrowser.cli.CommandSpec.Count;
import erofsbrowser.cli.CommandSpec.Example;
import erofsbrowser.cli.CommandSpec.ExitStatus;
import erofsbrowser.cli.CommandSpec.Operand;
import erofsbrowser.cli.CommandSpec.ValueKind;

import java.util.ArrayList;
import java.util.List;

/** Every command word, in the order help lists them: the commands on an image, then help and completion. */
final class Commands {
    private Commands() {
    }

    static final List<Cli.Command> ON_IMAGE = List.of(new InfoCommand(), new LsCommand(), new StatCommand(),
            new CatCommand(), new ManifestCommand(), new ExtractCommand(), new CheckCommand(), new VerifyCommand());

    static final CommandSpec HELP = new CommandSpec("help",
            "a command's help, or the list of commands",
            List.of("Prints the help of COMMAND (as COMMAND --help does): its usage, what it does, each option, "
                    + "its exit statuses and examples. With no COMMAND, the list of commands."),
            List.of(CommonOptions.HELP),
            List.of(new Operand("COMMAND", Count.OPTIONAL, ValueKind.COMMAND, "a command word, such as ls")),
            List.of(CommonOptions.SUCCESS, new ExitStatus(Cli.USAGE, "COMMAND is not a command")),
            List.of(new Example("help extract", "how extract is used")));

    static final CommandSpec COMPLETION = new CommandSpec("completion",
            "a script that completes commands, options and files in bash",
            List.of("Prints a bash script that completes the command words, each command's options, and the "
                    + "files and folders its arguments take, for erofs and erofs-browser. Load it in the "
                    + "running shell with source <(erofs completion bash), or install it as "
                    + "/usr/share/bash-completion/completions/erofs (packages do)."),
            List.of(CommonOptions.HELP),
            List.of(new Operand("SHELL", Count.ONE, ValueKind.SHELL, "bash, the one shell supported")),
            List.of(CommonOptions.SUCCESS, new ExitStatus(Cli.USAGE, "SHELL is not bash")),
            List.of(new Example("completion bash > erofs.bash", "the script, to install as "
                    + "~/.local/share/bash-completion/completions/erofs for the current user (from the next shell "
                    + "on)")));

    /** Every command's description, in help order. */
    static List<CommandSpec> all() {
        List<CommandSpec> all = new ArrayList<>();
        for (Cli.Command c : ON_IMAGE) { // no lambda: see CommandSpec.minOperands
            all.add(c.spec());
        }
        all.add(HELP);
        all.add(COMPLETION);
        return all;
    }

    static List<String> words() {
        List<String> words = new ArrayList<>();
        for (CommandSpec s : all()) {
            words.add(s.name());
        }
        return words;
    }

    /** The command on an image named {@code word}, or null. */
    static Cli.Command onImage(String word) {
        for (Cli.Command c : ON_IMAGE) {
            if (c.spec().name().equals(word)) {
                return c;
            }
        }
        return null;
    }

    /** The description of the command {@code word}, or null when there is none. */
    static CommandSpec spec(String word) {
        for (CommandSpec s : all()) {
            if (s.name().equals(word)) {
                return s;
            }
        }
        return null;
    }
}
