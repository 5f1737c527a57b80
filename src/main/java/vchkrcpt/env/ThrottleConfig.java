package vchkrcpt.env;

import java.util.Map;

import vchkrcpt.Status;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.Unverifiable;

/** The throttle's settings from the environment, with their defaults. */
public record ThrottleConfig(String stateDir, ThrottleLimits limits) {
    public static final String DEFAULT_STATE_DIR = "/var/lib/vchkrcpt";
    /** A week; the state's size bound, not the window, limits what is kept. */
    public static final int MAX_WINDOW = 7 * 86400;
    public static final int MAX_LIMIT = 1_000_000;

    /**
     * The throttle's refusal: 111 (try again later), or the script's permanent 100. A permanent
     * refusal for a suspicion bounces real mail, a mailing list's among it.
     */
    private static int throttleStatus(Map<String, String> env) throws Unverifiable {
        return status(env, "VCHKRCPT_THROTTLE_EXIT", Status.REJECT,
                "use 111 (try again later, the default) or 100 (reject, as vchkrcpt.sh did)");
    }

    /** 111 (every qmail-smtpd), or 113 for sagredo's "over limit, 421 and hang up"; Soffian's accepts on 113. */
    private static int limitStatus(Map<String, String> env) throws Unverifiable {
        return status(env, "VCHKRCPT_LIMIT_EXIT", ThrottleLimits.SAGREDO_LIMIT_STATUS,
                "use 111, or 113 for sagredo's qmail-smtpd (on other patches 113 accepts the recipient)");
    }

    /** 111 by default, or the one other status the variable may name. */
    private static int status(Map<String, String> env, String name, int other, String hint) throws Unverifiable {
        String value = Settings.orDefault(env, name, "111");
        if (value.equals("111")) {
            return Status.TEMPFAIL;
        }
        if (value.equals(Integer.toString(other))) {
            return other;
        }
        throw new Unverifiable(name + " is " + value + ": " + hint);
    }

    /** @throws Unverifiable for a value that cannot be meant: a typo must not reject mail */
    public static ThrottleConfig from(Map<String, String> env) throws Unverifiable {
        ThrottleLimits d = ThrottleLimits.DEFAULT;
        return new ThrottleConfig(
                Settings.orDefault(env, "VCHKRCPT_STATE_DIR", DEFAULT_STATE_DIR),
                new ThrottleLimits(
                        Settings.number(env, "VCHKRCPT_THROTTLE_LIMIT", d.senderLimit(), 0, MAX_LIMIT),
                        Settings.number(env, "VCHKRCPT_THROTTLE_WINDOW", d.windowSeconds(), 1, MAX_WINDOW),
                        Settings.number(env, "VALIDRCPTTO_LIMIT", d.sessionLimit(), 0, MAX_LIMIT),
                        Settings.number(env, "VCHKRCPT_IP_LIMIT", d.clientLimit(), 0, MAX_LIMIT),
                        throttleStatus(env),
                        limitStatus(env)));
    }
}
