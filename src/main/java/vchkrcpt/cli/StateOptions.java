package vchkrcpt.cli;

import java.io.File;
import java.nio.file.Path;

import picocli.CommandLine.Option;
import vchkrcpt.env.ThrottleConfig;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.state.StateDirectory;

/** The state directory option of the throttle commands; window and limits come from the environment. */
final class StateOptions {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Throttle state directory; default: $VCHKRCPT_STATE_DIR, else " + ThrottleConfig.DEFAULT_STATE_DIR
                    + ". Window and limits come from the environment, as for the helper (run under envdir).")
    File stateDir;

    ThrottleConfig config() throws Unverifiable {
        return ThrottleConfig.from(System.getenv());
    }

    StateDirectory directory(ThrottleConfig config) {
        return new StateDirectory(stateDir != null ? stateDir.toPath() : Path.of(config.stateDir()));
    }
}
