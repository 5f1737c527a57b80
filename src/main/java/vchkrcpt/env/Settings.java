package vchkrcpt.env;

import java.util.Map;

import vchkrcpt.policy.Unverifiable;

/**
 * Every setting of the decision path, read from the environment (the service's envdir) by the
 * one parser that the helper, {@code check}, {@code throttle} and {@code doctor} share.
 */
public record Settings(HelperConfig helper, ThrottleConfig throttle) {

    /** @throws Unverifiable for a setting that cannot be meant: a typo must not reject mail */
    public static Settings from(Map<String, String> env) throws Unverifiable {
        return new Settings(HelperConfig.from(env), ThrottleConfig.from(env));
    }

    /** The value, or the fallback when the variable is unset or empty. */
    public static String orDefault(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** A whole number from min to max, or the fallback when unset or empty. */
    static int number(Map<String, String> env, String name, int fallback, int min, int max) throws Unverifiable {
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
