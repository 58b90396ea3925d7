package erofsbrowser.cli;

import erofsbrowser.cli.CommandSpec.Operand;
import erofsbrowser.cli.CommandSpec.Option;
import erofsbrowser.cli.CommandSpec.ValueKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code erofs completion bash}: a bash script, made from the commands' descriptions, that
 * completes command words, each command's options, and host files and folders where an option
 * or operand takes one (IMAGE, DEST, --device). Paths inside an image are not completed.
 */
final class BashCompletion {
    private BashCompletion() {
    }

    static String script() {
        List<CommandSpec> all = Commands.all();
        StringBuilder b = new StringBuilder();
        b.append("# bash completion for erofs and erofs-browser (EROFS Browser)\n");
        b.append("# Made by 'erofs completion bash' from the same descriptions as --help and the man page.\n");
        b.append("_erofs() {\n");
        b.append("    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n");
        b.append("    local command=${COMP_WORDS[1]} i word operand=0\n");
        b.append("    COMPREPLY=()\n");
        b.append("    if [ \"$COMP_CWORD\" -eq 1 ]; then\n");
        b.append("        case $cur in\n");
        b.append("            -*) COMPREPLY=($(compgen -W '--help --version --offset' -- \"$cur\")) ;;\n");
        b.append("            *) COMPREPLY=($(compgen -W '").append(String.join(" ", Commands.words()))
                .append("' -- \"$cur\"))\n");
        b.append("               compopt -o filenames 2>/dev/null   # or an image, for the window\n");
        b.append("               COMPREPLY+=($(compgen -f -- \"$cur\")) ;;\n");
        b.append("        esac\n");
        b.append("        return\n");
        b.append("    fi\n");
        // the value of an option
        b.append("    case $prev in\n");
        for (ValueKind kind : ValueKind.values()) {
            Set<String> names = new LinkedHashSet<>();
            for (CommandSpec s : all) {
                for (Option o : s.options()) {
                    if (o.takesValue() && o.kind() == kind) {
                        names.add(o.longName());
                    }
                }
            }
            if (!names.isEmpty()) {
                b.append("        ").append(String.join("|", names)).append(") ").append(completing(kind))
                        .append("; return ;;\n");
            }
        }
        b.append("    esac\n");
        // options
        b.append("    if [[ $cur == -* ]]; then\n");
        b.append("        case $command in\n");
        for (CommandSpec s : all) {
            List<String> names = new ArrayList<>();
            for (Option o : s.options()) {
                if (o.shortName() != null) {
                    names.add(o.shortName());
                }
                names.add(o.longName());
            }
            b.append("            ").append(s.name()).append(") COMPREPLY=($(compgen -W '").append(String.join(" ", names))
                    .append("' -- \"$cur\")) ;;\n");
        }
        b.append("        esac\n");
        b.append("        return\n");
        b.append("    fi\n");
        // which operand the word is: count those before it, stepping over options' values
        b.append("    for ((i = 2; i < COMP_CWORD; i++)); do\n");
        b.append("        word=${COMP_WORDS[i]}\n");
        b.append("        case $word in\n");
        b.append("            ").append(String.join("|", valuedOptions(all))).append(")\n");
        b.append("                i=$((i + 1))\n");
        b.append("                [ \"${COMP_WORDS[i]}\" = = ] && i=$((i + 1)) ;;   # --offset = 5, as bash splits it\n");
        b.append("            -*) ;;\n");
        b.append("            *) operand=$((operand + 1)) ;;\n");
        b.append("        esac\n");
        b.append("    done\n");
        b.append("    case $command in\n");
        for (CommandSpec s : all) {
            b.append("        ").append(s.name()).append(")\n");
            b.append("            case $operand in\n");
            List<Operand> operands = s.operands();
            for (int k = 0; k < operands.size(); k++) {
                Operand a = operands.get(k);
                String position = a.count() == CommandSpec.Count.ANY ? "*" : Integer.toString(k);
                b.append("                ").append(position).append(") ")
                        .append(completing(a.kind())).append(" ;;\n");
                if (a.count() == CommandSpec.Count.ANY) {
                    break;
                }
            }
            b.append("            esac ;;\n");
        }
        b.append("    esac\n");
        b.append("}\n");
        b.append("complete -F _erofs erofs erofs-browser\n");
        return b.toString();
    }

    private static List<String> valuedOptions(List<CommandSpec> all) {
        Set<String> names = new LinkedHashSet<>();
        for (CommandSpec s : all) {
            for (Option o : s.options()) {
                if (o.takesValue()) {
                    names.add(o.longName());
                }
            }
        }
        return List.copyOf(names);
    }

    /** The bash that fills COMPREPLY for a value of this kind (nothing for numbers and paths in the image). */
    private static String completing(ValueKind kind) {
        return switch (kind) {
            case FILE -> "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- \"$cur\"))";
            case DIRECTORY -> "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\"))";
            case COMMAND -> "COMPREPLY=($(compgen -W '" + String.join(" ", Commands.words()) + "' -- \"$cur\"))";
            case SHELL -> "COMPREPLY=($(compgen -W 'bash' -- \"$cur\"))";
            case BYTES, COUNT, IMAGE_PATH -> ":";
        };
    }
}
