package vchkrcpt.cli;

import java.util.List;

import vchkrcpt.log.DecisionLog;
import vchkrcpt.log.LogText;
import vchkrcpt.policy.AddressSyntax;
import vchkrcpt.policy.AllowedSender;
import vchkrcpt.policy.Chain;
import vchkrcpt.policy.EmptyRecipient;
import vchkrcpt.policy.Envelope;
import vchkrcpt.policy.HarvestLimit;
import vchkrcpt.policy.Postmaster;
import vchkrcpt.policy.RecipientDb;
import vchkrcpt.policy.RecipientLookup;
import vchkrcpt.policy.SenderAllowList;
import vchkrcpt.policy.SenderThrottle;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.ThrottleRules;
import vchkrcpt.policy.ThrottleState;
import vchkrcpt.policy.Trace;
import vchkrcpt.policy.TrustedClient;
import vchkrcpt.policy.Unverifiable;
import vchkrcpt.policy.Verdict;

/** The one chain that the helper, the qmail-spp plugin and {@code vchkrcpt check} run. */
final class Policy {
    private Policy() {
    }

    static Chain chain(SenderAllowList allowed, RecipientDb recipients, ThrottleState throttle, ThrottleLimits limits) {
        return new Chain(List.of(
                new EmptyRecipient(),
                new TrustedClient(),
                new AllowedSender(allowed),
                new Postmaster(),
                new AddressSyntax(),
                new HarvestLimit(List.of(new SenderThrottle(throttle, limits), new RecipientLookup(recipients)),
                        throttle, limits)));
    }

    /** One recipient decided for real: the chain, its log line, then what the throttle counts of it. */
    static Verdict decide(Envelope envelope, SenderAllowList allowed, RecipientDb recipients, ThrottleState throttle,
            ThrottleLimits limits, DecisionLog log) throws Unverifiable {
        Verdict verdict = chain(allowed, recipients, throttle, limits).decide(envelope, Trace.NONE);
        if (verdict.logged()) {
            log.write(LogText.decisionLine(envelope.sender(), envelope.recipient(), verdict.reason()));
        }
        ThrottleRules.record(envelope, verdict, limits, throttle);
        return verdict;
    }
}
