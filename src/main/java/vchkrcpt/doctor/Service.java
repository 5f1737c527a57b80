package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import vchkrcpt.env.Settings;
import vchkrcpt.policy.Unverifiable;

/**
 * The SMTP service as doctor sees it: the environment qmail-smtpd and the helper get, the settings
 * the helper reads from it, the user qmail-smtpd runs as, and the qmail home, where qmail-smtpd
 * runs the helper (relative paths in the settings are relative to it). What more than one check
 * needs is worked out once, on first use.
 */
public final class Service {
    private final Map<String, String> env;
    private final String envSource;
    private final Path qmail;
    private final Path smtpd;
    private final String userName;

    private Settings settings;
    private String settingsError;
    private boolean userLookedUp;
    private SmtpUser user;
    private CdbContent cdb;
    private IOException cdbError;

    /**
     * @param envSource where {@code env} came from, in words
     * @param smtpd the qmail-smtpd program the service runs
     * @param userName the user tcpserver runs qmail-smtpd as
     */
    public Service(Map<String, String> env, String envSource, Path qmail, Path smtpd, String userName) {
        this.env = Map.copyOf(env);
        this.envSource = envSource;
        this.qmail = qmail;
        this.smtpd = smtpd;
        this.userName = userName;
        try {
            settings = Settings.from(env);
        } catch (Unverifiable e) {
            settingsError = e.getMessage();
        }
    }

    Map<String, String> env() {
        return env;
    }

    String envSource() {
        return envSource;
    }

    /** The helper's settings, or null when they do not parse ({@link #settingsError()} says why). */
    Settings settings() {
        return settings;
    }

    String settingsError() {
        return settingsError;
    }

    Path qmail() {
        return qmail;
    }

    Path smtpd() {
        return smtpd;
    }

    String userName() {
        return userName;
    }

    /** A path as the helper opens it: qmail-smtpd runs it in the qmail home. */
    Path resolve(String path) {
        return qmail.resolve(path);
    }

    /** The SMTP user, or null when there is no such user. */
    SmtpUser user() throws IOException, InterruptedException {
        if (!userLookedUp) {
            user = SmtpUser.lookUp(userName);
            userLookedUp = true;
        }
        return user;
    }

    /** The program qmail-smtpd runs for each recipient, or null when it runs none. */
    Program program() throws IOException {
        String rcptcheck = env.get("RCPTCHECK");
        if (rcptcheck != null && !rcptcheck.isEmpty()) {
            return new Program(resolve(rcptcheck), false, "RCPTCHECK");   // qmail-smtpd runs it in the qmail home
        }
        Path plugin = plugin();
        return plugin == null ? null : new Program(plugin, true, smtpPlugins() + " [rcpt]");
    }

    /** The vchkrcpt among the [rcpt] plugins of control/smtpplugins, or null. */
    Path plugin() throws IOException {
        for (String plugin : SmtpPlugins.rcptPlugins(smtpPlugins())) {
            // A plugin starting with ':' is a shell command: its first word is the program.
            String program = plugin.startsWith(":") ? plugin.substring(1).strip().split("[ \t]", 2)[0] : plugin;
            if (program.contains("vchkrcpt")) {
                return resolve(program);
            }
        }
        return null;
    }

    /** control/smtpplugins, or the file SPPCONFFILE names. */
    Path smtpPlugins() {
        String file = env.get("SPPCONFFILE");
        return resolve(file != null && !file.isEmpty() ? file : "control/smtpplugins");
    }

    /** validrcptto.cdb as the helper reads it. Only call with settings that parse. */
    Path cdbPath() {
        return resolve(settings.helper().cdbPath());
    }

    /** validrcptto.cdb, read whole and checked; only call with settings that parse. */
    CdbContent cdb() throws IOException {
        if (cdb == null && cdbError == null) {
            try {
                cdb = CdbContent.read(cdbPath());
            } catch (IOException e) {
                cdbError = e;
            }
        }
        if (cdbError != null) {
            throw cdbError;
        }
        return cdb;
    }

    /** A program qmail-smtpd runs per recipient: RCPTCHECK's, or a qmail-spp [rcpt] plugin. */
    record Program(Path path, boolean plugin, String source) {
        String describe() {
            return (plugin ? "the plugin " : "RCPTCHECK=") + path + (plugin ? " in " + source : "");
        }
    }
}
