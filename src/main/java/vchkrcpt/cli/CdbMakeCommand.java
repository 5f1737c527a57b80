package vchkrcpt.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import vchkrcpt.cdb.CdbMakeInput;
import vchkrcpt.cdb.CdbWriter;

/** {@code vchkrcpt cdb make FILE}: cdbmake, with the temporary file chosen and cleaned up for you. */
@Command(name = "make",
        description = {"Make the cdb FILE from cdbmake input on standard input.",
                "A record is +KLEN,DLEN:KEY->DATA and a newline; a blank line ends the input.",
                "Keys and data are any bytes; duplicate keys are kept in order. The file is",
                "byte for byte what cdbmake writes. It is written beside FILE under a",
                "temporary name, fsynced and renamed into place, so readers see the old FILE",
                "or the whole new one. On malformed input or any error FILE is left as it",
                "was, the temporary file is removed, and the exit status is 111."})
final class CdbMakeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The cdb to write.")
    Path file;

    @Override
    public Integer call() throws IOException {
        try (CdbWriter writer = new CdbWriter(file)) {
            new CdbMakeInput(new FileInputStream(FileDescriptor.in)).copyTo(writer);
            writer.commit();
        } catch (IOException e) {
            throw new IOException("unable to make " + file + ": " + IoReason.of(e) + "; " + file + " is unchanged", e);
        }
        return 0;
    }
}
