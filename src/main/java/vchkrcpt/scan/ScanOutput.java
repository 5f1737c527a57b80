package vchkrcpt.scan;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

import vchkrcpt.cdb.CdbWriter;

/** Where the keys go: a cdb published atomically, or {@code key:value} text. */
public final class ScanOutput {
    private ScanOutput() {
    }

    /**
     * Writes the cdb through CdbWriter (NAME.tmp, fsync, rename): readers see the old file or the
     * whole new one. On any error the temporary file is removed and the old file stays.
     *
     * @param onlyIfChanged leave the file alone when it already holds exactly these keys
     * @return whether the file was replaced
     */
    public static boolean publish(Path output, SortedMap<String, String> keys, boolean onlyIfChanged)
            throws IOException {
        if (onlyIfChanged && ExistingCdb.holdsExactly(output, keys)) {
            return false;
        }
        try (CdbWriter writer = new CdbWriter(output)) {
            for (Map.Entry<String, String> entry : keys.entrySet()) {
                writer.add(entry.getKey().getBytes(StandardCharsets.ISO_8859_1),
                        entry.getValue().getBytes(StandardCharsets.ISO_8859_1));
            }
            writer.commit();
        } catch (FileSystemException e) {
            String file = e.getFile() != null ? e.getFile() + ": " : "";
            throw new IOException("unable to write " + output + ": " + file + InstallFiles.why(e), e);
        } catch (IOException e) {
            throw new IOException("unable to write " + output + ": " + InstallFiles.why(e), e);
        }
        return true;
    }

    /** {@code key:value} lines in key order, as bytes. */
    public static void text(SortedMap<String, String> keys, OutputStream out) throws IOException {
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            out.write(entry.getKey().getBytes(StandardCharsets.ISO_8859_1));
            out.write(':');
            out.write(entry.getValue().getBytes(StandardCharsets.ISO_8859_1));
            out.write('\n');
        }
        out.flush();
    }
}
