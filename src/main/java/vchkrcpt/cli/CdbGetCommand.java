package vchkrcpt.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import vchkrcpt.cdb.CdbReader;

/** {@code vchkrcpt cdb get FILE KEY}: cdbget. */
@Command(name = "get",
        description = {"Write the data stored under KEY in the cdb FILE to standard output.",
                "The data of the first record with KEY, as raw bytes with no newline added",
                "(as cdbget and cdb -q -n 1 do). KEY is taken byte for byte as given,",
                "whatever the locale; put -- before a KEY that starts with -.",
                "Exit status: 0 found, 100 no such key, 111 failure."})
final class CdbGetCommand implements Callable<Integer> {
    /** cdbget's status for "no record with this key". */
    static final int NOT_FOUND = 100;

    @Parameters(index = "0", paramLabel = "FILE", description = "The cdb to read.")
    Path file;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key to look up.")
    String key;

    @Override
    public Integer call() throws IOException {
        byte[] data;
        try (CdbReader reader = CdbReader.open(file.toFile())) {
            data = reader.find(ByteStrings.lastArgument(key));
        } catch (IOException e) {
            throw new IOException("unable to read " + file + ": " + IoReason.of(e), e);
        }
        if (data == null) {
            return NOT_FOUND;
        }
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        out.write(data);
        out.flush();
        return 0;
    }
}
