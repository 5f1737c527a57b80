package vchkrcpt.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import vchkrcpt.cdb.CdbDump;
import vchkrcpt.cdb.CdbSequentialReader;

/** {@code vchkrcpt cdb dump FILE}: cdbdump; the output remakes the same file through {@code cdb make}. */
@Command(name = "dump",
        description = {"Write the records of the cdb FILE to standard output.",
                "Every record in cdbmake's format, in file order, then a blank line (as",
                "cdbdump and cdb -d do); keys and data are written as raw bytes. cdb make",
                "remakes FILE from it."})
final class CdbDumpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The cdb to read.")
    Path file;

    @Override
    public Integer call() throws IOException {
        // Raw bytes to fd 1: picocli's writers are for text.
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        try (CdbSequentialReader records = CdbSequentialReader.open(file)) {
            CdbDump.write(records, out);
            out.flush();
        } catch (IOException e) {
            throw new IOException("unable to dump " + file + ": " + IoReason.of(e), e);
        }
        return 0;
    }
}
