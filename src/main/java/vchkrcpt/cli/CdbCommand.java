package vchkrcpt.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vchkrcpt cdb make|dump|get}: the project's cdbmake, cdbdump and cdbget. */
@Command(name = "cdb",
        synopsisSubcommandLabel = "(make | dump | get)",
        description = {"Make, dump and query cdb files, as cdbmake, cdbdump and cdbget do.",
                "Exit status: 0 done, 100 key not found (get), 111 failure."},
        subcommands = {CdbMakeCommand.class, CdbDumpCommand.class, CdbGetCommand.class})
final class CdbCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing the cdb command: make, dump or get");
    }
}
