package vchkrcpt.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vchkrcpt.env.HelperConfig.LogMode;
import vchkrcpt.policy.Unverifiable;

class HelperConfigTest {
    @Test
    void qmailsDefaults() throws Unverifiable {
        assertEquals(new HelperConfig("/var/qmail/control/validrcptto.cdb", "/var/qmail/control/vchkrcpt-allow",
                LogMode.SYSLOG, "/dev/log", 20, false), HelperConfig.from(Map.of()));
    }

    @Test
    void anEmptyVariableMeansTheDefault() throws Unverifiable {
        assertEquals(HelperConfig.from(Map.of()), HelperConfig.from(Map.of("VALIDRCPTTO_CDB", "",
                "VCHKRCPT_ALLOW", "", "VCHKRCPT_LOG", "", "VCHKRCPT_SYSLOG", "", "VCHKRCPT_LOG_CLIENT", "")));
    }

    @Test
    void everyVariableIsTaken() throws Unverifiable {
        assertEquals(new HelperConfig("control/validrcptto.cdb", "/etc/allow", LogMode.BOTH, "/run/log.sock", 5, true),
                HelperConfig.from(Map.of("VALIDRCPTTO_CDB", "control/validrcptto.cdb", "VCHKRCPT_ALLOW", "/etc/allow",
                        "VCHKRCPT_LOG", "both", "VCHKRCPT_SYSLOG", "/run/log.sock", "VCHKRCPT_DEADLINE", "5",
                        "VCHKRCPT_LOG_CLIENT", "1")));
        assertEquals(false, HelperConfig.from(Map.of("VCHKRCPT_LOG_CLIENT", "0")).logClient());
        assertEquals(LogMode.STDERR, HelperConfig.from(Map.of("VCHKRCPT_LOG", "stderr")).logMode());
        assertEquals(LogMode.SYSLOG, HelperConfig.from(Map.of("VCHKRCPT_LOG", "syslog")).logMode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Syslog", "STDERR", " stderr", "stderr\n", "file", "none", "1"})
    void anUnknownLogModeIsAMistakeNotARejection(String value) {
        Unverifiable e = assertThrows(Unverifiable.class, () -> HelperConfig.from(Map.of("VCHKRCPT_LOG", value)));
        assertEquals("VCHKRCPT_LOG is " + value + ": use syslog, stderr or both", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "on", "2", " 1", "true"})
    void anUnknownLogClientValueIsAMistake(String value) {
        Unverifiable e = assertThrows(Unverifiable.class, () -> HelperConfig.from(Map.of("VCHKRCPT_LOG_CLIENT", value)));
        assertEquals("VCHKRCPT_LOG_CLIENT is " + value + ": use 1 (on) or 0 (off)", e.getMessage());
    }
}
