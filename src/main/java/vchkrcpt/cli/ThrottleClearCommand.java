package vchkrcpt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vchkrcpt.Status;
import vchkrcpt.env.ThrottleConfig;
import vchkrcpt.policy.Addresses;
import vchkrcpt.state.ThrottleTable;

/** {@code vchkrcpt throttle clear [SENDER|IP]...}: forgets everything, or the named senders and clients. */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = {"Forget the named senders and client addresses, or everything.",
                "Without names, sessions are forgotten too. Exit status 100 when a named one was not in",
                "the state."})
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
        LockedState.rewrite(options.file(config), err, System.currentTimeMillis() / 1000,
                config.limits().windowSeconds(), table -> {
                    before[0] = table.entries().size();
                    if (names.isEmpty()) {
                        table.clear();
                    }
                    for (String argument : names) {
                        String name = ByteStrings.fromArgument(argument);
                        boolean sender = table.remove(ThrottleTable.SENDER, Addresses.lowerAscii(name));
                        boolean client = table.remove(ThrottleTable.CLIENT, name);
                        if (sender || client) {
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
}
