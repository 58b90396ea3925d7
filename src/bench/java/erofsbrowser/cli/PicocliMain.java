package erofsbrowser.cli;

import erofsbrowser.cli.CommandSpec.Operand;
import erofsbrowser.cli.CommandSpec.Option;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/**
 * A benchmark, not part of the app: the command line parsed by picocli 4.7 instead of
 * {@link Arguments}, to measure what picocli would add to every start. The picocli model is built
 * through its programmatic API (no annotations, no reflection on our classes) from the same
 * {@link CommandSpec}s, every command and option; the line is parsed, --version answered, and
 * anything else handed on to {@link Cli#run} (whose own parse costs well under a millisecond), as
 * a picocli-based command line would run the command it found.
 * Built and run by src/bench/bench-cli-startup.sh.
 */
public final class PicocliMain {
    private PicocliMain() {
    }

    public static void main(String[] args) {
        // --help and --version as plain options: picocli's standard help mixin is an annotated class
        // it reads through reflection and dynamic proxies, which cost it another 30 ms here.
        picocli.CommandLine.Model.CommandSpec top = picocli.CommandLine.Model.CommandSpec.create().name(Cli.program());
        top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description(CommonOptions.HELP.help()).build());
        top.addOption(OptionSpec.builder("--version").versionHelp(true).description("the version").build());
        for (CommandSpec s : Commands.all()) {
            picocli.CommandLine.Model.CommandSpec sub = picocli.CommandLine.Model.CommandSpec.create().name(s.name());
            sub.usageMessage().description(s.description().toArray(String[]::new));
            for (Option o : s.options()) {
                if (o.longName().equals("--help")) {
                    sub.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description(o.help()).build());
                    continue;
                }
                OptionSpec.Builder b = o.shortName() != null ? OptionSpec.builder(o.shortName(), o.longName())
                        : OptionSpec.builder(o.longName());
                b.description(o.help());
                if (!o.takesValue()) {
                    b.type(boolean.class).arity("0");
                } else if (o.repeatable()) {
                    b.type(List.class).auxiliaryTypes(String.class).paramLabel(o.valueName()).arity("1");
                } else {
                    b.type(o.kind() == CommandSpec.ValueKind.BYTES ? Long.class
                            : o.kind() == CommandSpec.ValueKind.COUNT ? Integer.class : String.class)
                            .paramLabel(o.valueName()).arity("1");
                }
                sub.addOption(b.build());
            }
            int index = 0;
            for (Operand a : s.operands()) {
                PositionalParamSpec.Builder p = PositionalParamSpec.builder().paramLabel(a.name())
                        .description(a.help());
                switch (a.count()) {
                    case ONE -> p.index(Integer.toString(index)).arity("1").type(String.class);
                    case OPTIONAL -> p.index(Integer.toString(index)).arity("0..1").type(String.class);
                    case ANY -> p.index(index + "..*").arity("0..*").type(List.class).auxiliaryTypes(String.class);
                }
                sub.addPositional(p.build());
                index++;
            }
            top.addSubcommand(s.name(), sub);
        }
        CommandLine commandLine = new CommandLine(top);
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            System.exit(Cli.USAGE);
            return;
        }
        if (parsed.isVersionHelpRequested()) {
            System.out.print(HelpText.version(Cli.program()));
            System.exit(Cli.OK);
        }
        System.exit(Cli.run(args, System.out, System.err));
    }
}
