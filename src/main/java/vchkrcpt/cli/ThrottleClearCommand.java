package vchkrcpt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vchkrcpt.Status;
import vchkrcpt.env.ThrottleConfig;
import vchkrcpt.policy.Addresses;
import vchkrcpt.policy.ClientAddress;
import vchkrcpt.policy.ThrottleRules;
import vchkrcpt.state.ThrottleTable;

/**
 * {@code vchkrcpt throttle clear [SENDER|IP]...}: forgets everything, or the named senders (from
 * every client) and client addresses (with every sender counted from them).
 */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Forget the named senders and client addresses, or everything.",
                "A sender is forgotten from every client address; a client address with every sender",
                "counted from it. Without names, sessions are forgotten too. Exit status 100 when a",
                "named one was not in the state."})
final class ThrottleClearCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions options;

    @Parameters(paramLabel = "SENDER|IP", arity = "0..*",
            description = "A sender address (any case) or a client address.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ThrottleConfig config = options.config();
        List<String> cleared = new ArrayList<>();
        int[] before = new int[1];
        LockedState.rewrite(options.directory(config), err, System.currentTimeMillis() / 1000,
                config.limits().windowSeconds(), table -> {
                    before[0] = table.entries().size();
                    if (names.isEmpty()) {
                        table.removeIf(e -> true);
                    }
                    for (String argument : names) {
                        if (table.removeIf(named(ByteStrings.fromArgument(argument))) > 0) {
                            cleared.add(argument);
                        }
                    }
                });
        if (names.isEmpty()) {
            out.println("cleared " + before[0] + " entries");
            return Status.ACCEPT;
        }
        int status = Status.ACCEPT;
        for (String argument : names) {
            if (cleared.contains(argument)) {
                out.println("cleared " + argument);
            } else {
                err.println("vchkrcpt: not in the throttle state: " + argument);
                status = Status.REJECT;
            }
        }
        return status;
    }

    /** The entries of a sender (any case, from any client) or of a client address (with its senders). */
    private static Predicate<ThrottleTable.Entry> named(String name) {
        String sender = Addresses.lowerAscii(name);
        String client = ClientAddress.key(name);
        return e -> {
            if (e.kind() == ThrottleTable.CLIENT) {
                return e.key().equals(client);
            }
            if (e.kind() != ThrottleTable.SENDER) {
                return false;
            }
            int separator = e.key().indexOf(ThrottleRules.CLIENT_SEPARATOR);
            return separator < 0 ? e.key().equals(sender)
                    : e.key().substring(0, separator).equals(sender) || e.key().substring(separator + 1).equals(client);
        };
    }
}
