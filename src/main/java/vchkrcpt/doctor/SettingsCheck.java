package vchkrcpt.doctor;

import vchkrcpt.env.HelperConfig;
import vchkrcpt.env.Settings;
import vchkrcpt.policy.ThrottleLimits;

/** Every setting the helper reads parses: a typo makes every recipient get 421. */
final class SettingsCheck implements Check {
    @Override
    public String topic() {
        return "settings";
    }

    @Override
    public void run(Service service, Report report) {
        Settings settings = service.settings();
        if (settings == null) {
            report.fail(topic(), service.settingsError() + " (in " + service.envSource()
                    + "): every recipient gets 421 until it is fixed");
            return;
        }
        HelperConfig helper = settings.helper();
        ThrottleLimits limits = settings.throttle().limits();
        report.ok(topic(), "every setting parses (" + service.envSource() + "): cdb " + helper.cdbPath()
                + ", log " + helper.logMode().name().toLowerCase(java.util.Locale.ROOT)
                + ", state directory " + settings.throttle().stateDir()
                + ", sender limit " + limit(limits.senderLimit()) + " per " + limits.windowSeconds() + " s"
                + ", session limit " + limit(limits.sessionLimit()) + ", client limit " + limit(limits.clientLimit()));
    }

    private static String limit(int limit) {
        return limit == 0 ? "off" : Integer.toString(limit);
    }
}
