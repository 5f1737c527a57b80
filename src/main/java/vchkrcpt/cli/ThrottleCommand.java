package vchkrcpt.cli;

import picocli.CommandLine.Command;

/** {@code vchkrcpt throttle list|clear}: the throttle state, for the admin, while helpers run. */
@Command(name = "throttle", mixinStandardHelpOptions = true,
        description = "Show or clear the throttle state: senders, client addresses and SMTP sessions.",
        subcommands = {ThrottleListCommand.class, ThrottleClearCommand.class})
final class ThrottleCommand {
}
