package vchkrcpt.cli;

import java.util.List;

import vchkrcpt.policy.AddressSyntax;
import vchkrcpt.policy.AllowedSender;
import vchkrcpt.policy.Chain;
import vchkrcpt.policy.EmptyRecipient;
import vchkrcpt.policy.HarvestLimit;
import vchkrcpt.policy.Postmaster;
import vchkrcpt.policy.RecipientDb;
import vchkrcpt.policy.RecipientLookup;
import vchkrcpt.policy.SenderAllowList;
import vchkrcpt.policy.SenderThrottle;
import vchkrcpt.policy.ThrottleLimits;
import vchkrcpt.policy.ThrottleState;

/** The one chain that both the helper and {@code vchkrcpt check} run. */
final class Policy {
    private Policy() {
    }

    static Chain chain(SenderAllowList allowed, RecipientDb recipients, ThrottleState throttle, ThrottleLimits limits) {
        return new Chain(List.of(
                new EmptyRecipient(),
                new AllowedSender(allowed),
                new Postmaster(),
                new AddressSyntax(),
                new SenderThrottle(throttle, limits),
                new HarvestLimit(new RecipientLookup(recipients), throttle, limits)));
    }
}
