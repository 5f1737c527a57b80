package vchkrcpt.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a qmail-smtpd binary carries, as far as its strings tell: the names of the environment
 * variables and control files each patch reads are compiled in as they are (read in each patch's
 * qmail-smtpd.c and qmail-spp.c).
 */
record SmtpdBinary(Family family, boolean spp, SppSwitch sppSwitch) {

    /** The RCPTCHECK family, or NONE. */
    enum Family {
        NONE("no RCPTCHECK"),
        SOFFIAN("Soffian's RCPTCHECK patch (or notqmail's branch)"),
        JMS1("jms1's combined patch 7.x (RCPTCHECK with fd 4)"),
        SAGREDO("sagredo's qmail (RCPTCHECK with fd 4 and RCPTCHECKRELAYCLIENT)");

        final String text;

        Family(String text) {
            this.text = text;
        }
    }

    /** How qmail-spp is switched: on unless NOSPP is set (the original patch), or only with ENABLE_SPP (sagredo). */
    enum SppSwitch { NOSPP, ENABLE_SPP }

    static SmtpdBinary read(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        Family family = Family.NONE;
        if (text.contains("RCPTCHECKRELAYCLIENT")) {
            family = Family.SAGREDO;
        } else if (has(text, "RCPTCHECK") && text.contains("USE_FD4")) {
            family = Family.JMS1;
        } else if (has(text, "RCPTCHECK")) {
            family = Family.SOFFIAN;
        }
        boolean spp = text.contains("smtpplugins");
        return new SmtpdBinary(family, spp, text.contains("ENABLE_SPP") ? SppSwitch.ENABLE_SPP : SppSwitch.NOSPP);
    }

    /** The string as a whole C string: NUL before and after, as the compiler stores env_get's argument. */
    private static boolean has(String text, String name) {
        return text.contains("\0" + name + "\0") || text.contains(name + "\0");
    }

    /** Whether qmail-spp runs plugins with this environment. */
    boolean sppOn(java.util.Map<String, String> env) {
        return spp && (sppSwitch == SppSwitch.ENABLE_SPP ? env.containsKey("ENABLE_SPP") : !env.containsKey("NOSPP"));
    }
}
