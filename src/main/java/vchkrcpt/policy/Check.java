package vchkrcpt.policy;

/** One link of the chain. */
public interface Check {
    /**
     * @return the verdict, or {@code null} when this check has no opinion and the next one decides
     * @throws Unverifiable when the check cannot be carried out now
     */
    Verdict decide(Envelope envelope, Trace trace) throws Unverifiable;
}
