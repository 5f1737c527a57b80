package vchkrcpt.env;

import java.util.Map;

import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.Unverifiable;

/** The throttle's settings from the environment, with their defaults. */
public record ThrottleConfig(String stateDir, ThrottleLimits limits) {
    public static final String DEFAULT_STATE_DIR = "/var/lib/vchkrcpt";
    /** A week; the state's size bound, not the window, limits what is kept. */
    public static final int MAX_WINDOW = 7 * 86400;
    public static final int MAX_LIMIT = 1_000_000;

    /** @throws Unverifiable for a value that cannot be meant: a typo must not reject mail */
    public static ThrottleConfig from(Map<String, String> env) throws Unverifiable {
        ThrottleLimits d = ThrottleLimits.DEFAULT;
        return new ThrottleConfig(
                HelperConfig.orDefault(env, "VCHKRCPT_STATE_DIR", DEFAULT_STATE_DIR),
                new ThrottleLimits(
                        number(env, "VCHKRCPT_THROTTLE_LIMIT", d.senderLimit(), 0, MAX_LIMIT),
                        number(env, "VCHKRCPT_THROTTLE_WINDOW", d.windowSeconds(), 1, MAX_WINDOW),
                        number(env, "VALIDRCPTTO_LIMIT", d.sessionLimit(), 0, MAX_LIMIT),
                        number(env, "VCHKRCPT_IP_LIMIT", d.clientLimit(), 0, MAX_LIMIT)));
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max)
            throws Unverifiable {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9' || i >= 9) {
                throw new Unverifiable(name + " is " + value + ": use a whole number from " + min + " to " + max);
            }
            n = n * 10 + (c - '0');
        }
        if (n < min || n > max) {
            throw new Unverifiable(name + " is " + value + ": use a whole number from " + min + " to " + max);
        }
        return (int) n;
    }
}
