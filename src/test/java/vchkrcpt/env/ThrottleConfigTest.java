package vchkrcpt.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.Unverifiable;

class ThrottleConfigTest {
    @Test
    void defaults() throws Unverifiable {
        assertEquals(new ThrottleConfig("/var/lib/vchkrcpt", new ThrottleLimits(3, 3600, 10, 0)),
                ThrottleConfig.from(Map.of()));
        assertEquals(new ThrottleConfig("/var/lib/vchkrcpt", new ThrottleLimits(3, 3600, 10, 0)),
                ThrottleConfig.from(Map.of("VCHKRCPT_THROTTLE_LIMIT", "", "VALIDRCPTTO_LIMIT", "")));
    }

    @Test
    void readsEveryVariable() throws Unverifiable {
        assertEquals(new ThrottleConfig("/srv/state", new ThrottleLimits(0, 60, 0, 20)), ThrottleConfig.from(Map.of(
                "VCHKRCPT_STATE_DIR", "/srv/state", "VCHKRCPT_THROTTLE_LIMIT", "0", "VCHKRCPT_THROTTLE_WINDOW", "60",
                "VALIDRCPTTO_LIMIT", "0", "VCHKRCPT_IP_LIMIT", "20")));
    }

    @Test
    void theThrottlesRefusalIsTemporaryUnlessTheScriptsIsAskedFor() throws Unverifiable {
        assertEquals(111, ThrottleConfig.from(Map.of()).limits().throttleStatus());
        assertEquals(111, ThrottleConfig.from(Map.of("VCHKRCPT_THROTTLE_EXIT", "111")).limits().throttleStatus());
        assertEquals(100, ThrottleConfig.from(Map.of("VCHKRCPT_THROTTLE_EXIT", "100")).limits().throttleStatus());
        for (String bad : new String[] {"553", "0", "113", " 100", "yes"}) {
            Unverifiable e = assertThrows(Unverifiable.class,
                    () -> ThrottleConfig.from(Map.of("VCHKRCPT_THROTTLE_EXIT", bad)));
            assertEquals("VCHKRCPT_THROTTLE_EXIT is " + bad + ": use 111 (try again later, the default) or 100 (reject,"
                    + " as vchkrcpt.sh did)", e.getMessage());
        }
    }

    @Test
    void aTypoIsATemporaryFailureNotADefault() {
        for (String bad : new String[] {"ten", "-1", "1e3", " 5", "99999999999", "2000000"}) {
            Unverifiable e = assertThrows(Unverifiable.class, () -> ThrottleConfig.from(Map.of("VALIDRCPTTO_LIMIT", bad)));
            assertEquals("VALIDRCPTTO_LIMIT is " + bad + ": use a whole number from 0 to 1000000", e.getMessage());
        }
        assertThrows(Unverifiable.class, () -> ThrottleConfig.from(Map.of("VCHKRCPT_THROTTLE_WINDOW", "0")));
    }
}
