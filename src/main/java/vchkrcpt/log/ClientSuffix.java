package vchkrcpt.log;

import java.util.Arrays;

/** VCHKRCPT_LOG_CLIENT=1: every decision line ends in {@link LogText#clientSuffix}. */
public final class ClientSuffix implements DecisionLog {
    private final DecisionLog log;
    private final byte[] suffix;

    public ClientSuffix(DecisionLog log, String clientIp, String pid) {
        this.log = log;
        this.suffix = LogText.clientSuffix(clientIp, pid);
    }

    @Override
    public void write(byte[] line) {
        byte[] whole = Arrays.copyOf(line, line.length + suffix.length);
        System.arraycopy(suffix, 0, whole, line.length, suffix.length);
        log.write(whole);
    }
}
