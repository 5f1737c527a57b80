package vchkrcpt;

import vchkrcpt.cli.Commands;
import vchkrcpt.cli.HelperMode;

/**
 * Without arguments: the RCPTCHECK helper. With arguments: the admin commands.
 * The helper path must not touch picocli, whose loading costs more than the whole check.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            HelperMode.main();
        } else {
            Commands.main(args);
        }
    }
}
