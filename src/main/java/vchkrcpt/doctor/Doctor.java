package vchkrcpt.doctor;

import java.io.IOException;
import java.util.List;

/** Runs every check on the service, in the order an admin would fix things, and returns the report. */
public final class Doctor {
    /** A check of the resident checker (vchkrcpt serve) joins this list when it exists. */
    private static final List<Check> CHECKS = List.of(new SettingsCheck(), new ProgramCheck(), new BuildCheck(),
            new SmtpdCheck(), new CdbCheck(), new CdbAgeCheck(), new RcpthostsCheck(), new AccessCheck(),
            new TrialCheck());

    private Doctor() {
    }

    public static Report examine(Service service) throws InterruptedException {
        Report report = new Report();
        for (Check check : CHECKS) {
            try {
                check.run(service, report);
            } catch (IOException | RuntimeException e) {
                report.fail(check.topic(), "doctor could not check it: " + (e.getMessage() != null ? e.getMessage()
                        : e.toString()));
            }
        }
        return report;
    }
}
