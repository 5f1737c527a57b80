package vchkrcpt.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Option;
import vchkrcpt.env.EnvDir;
import vchkrcpt.env.HelperConfig;
import vchkrcpt.env.ThrottleConfig;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.state.StateDirectory;

/**
 * The options of the commands that read what the helper reads: its settings, as the service's
 * envdir gives them, with relative paths resolved against the qmail home as the helper's working
 * directory resolves them; and the throttle state directory.
 */
final class StateOptions {
    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Throttle state directory; default: $VCHKRCPT_STATE_DIR, else " + ThrottleConfig.DEFAULT_STATE_DIR
                    + ". Window and limits come from the environment, as for the helper (see --envdir).")
    File stateDir;

    @Option(names = "--envdir", paramLabel = "DIR",
            description = "The service's envdir (as daemontools' envdir reads it): its variables over the environment.")
    Path envdir;

    @Option(names = "--qmail", paramLabel = "DIR",
            description = "The qmail home, qmail-smtpd's working directory, against which relative paths in the"
                    + " settings are resolved; default: " + HelperConfig.QMAIL_HOME + ".")
    Path qmail = Path.of(HelperConfig.QMAIL_HOME);

    /** The environment the helper would get: this process's, with the envdir's variables over it. */
    Map<String, String> environment() throws IOException {
        if (envdir == null) {
            return System.getenv();
        }
        try {
            // Decoded as the JVM decodes its own environment, so that paths mean the same files.
            return EnvDir.over(System.getenv(), envdir, ByteStrings.commandLineCharset());
        } catch (IOException e) {
            throw new IOException("unable to read the envdir " + envdir + ": " + IoReason.of(e), e);
        }
    }

    /** A path from the settings, as the helper running in the qmail home opens it. */
    File resolve(String setting) {
        return qmail.resolve(setting).toFile();
    }

    ThrottleConfig config() throws IOException, Unverifiable {
        return ThrottleConfig.from(environment());
    }

    StateDirectory directory(ThrottleConfig config) {
        return new StateDirectory(stateDir != null ? stateDir.toPath() : resolve(config.stateDir()).toPath());
    }
}
