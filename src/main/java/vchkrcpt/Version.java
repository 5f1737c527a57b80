package vchkrcpt;

/** The release; pom.xml carries the same number and a test keeps the two equal. */
public final class Version {
    public static final String NUMBER = "0.1.0";

    private Version() {
    }
}
