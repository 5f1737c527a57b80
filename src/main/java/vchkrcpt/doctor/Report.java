package vchkrcpt.doctor;

import java.util.ArrayList;
import java.util.List;

/** The findings of the checks, in the order they were made. */
public final class Report {
    private final List<Finding> findings = new ArrayList<>();

    public void ok(String topic, String text) {
        findings.add(new Finding(Finding.Level.OK, topic, text));
    }

    public void warning(String topic, String text) {
        findings.add(new Finding(Finding.Level.WARNING, topic, text));
    }

    public void fail(String topic, String text) {
        findings.add(new Finding(Finding.Level.FAIL, topic, text));
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public boolean failed() {
        return findings.stream().anyMatch(f -> f.level() == Finding.Level.FAIL);
    }
}
