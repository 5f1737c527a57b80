package vchkrcpt.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import vchkrcpt.state.EpochClock;
import vchkrcpt.state.FileThrottleState;
import vchkrcpt.state.StateDirectory;
import vchkrcpt.state.ThrottleStore;

/**
 * A process that records rejections of one sender in a state directory as fast as it can, as a
 * stream of helpers would, and prints {@code ok} after each one that is written (the rename
 * done), or the warning of one that is not. {@code StateWriter DIR SENDER N} (N = 0: until killed).
 */
public final class StateWriter {
    private StateWriter() {
    }

    /** Starts one in another JVM; its stdout is the acknowledgements. */
    public static Process start(Path dir, String sender, int count) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", Helper.TOP.resolve("target/classes") + ":"
                        + Helper.TOP.resolve("target/test-classes"), StateWriter.class.getName(), dir.toString(), sender,
                Integer.toString(count))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    public static void main(String[] args) {
        StateDirectory directory = new StateDirectory(Path.of(args[0]));
        int count = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (int i = 0; count == 0 || i < count; i++) {
            List<String> warnings = new ArrayList<>();
            FileThrottleState state = new FileThrottleState(new ThrottleStore(directory), 3600, null, EpochClock.SYSTEM,
                    line -> warnings.add(new String(line, StandardCharsets.UTF_8)), true, 60_000);
            state.record(args[1], null, false);
            out.println(warnings.isEmpty() ? "ok" : String.join(" / ", warnings));
        }
    }
}
