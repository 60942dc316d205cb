package com.convosensei.admin.config;

import com.convosensei.admin.rest.WaitlistResource;
import com.convosensei.admin.service.MemberService;
import com.convosensei.admin.service.WaitlistEntry;
import com.convosensei.admin.service.WaitlistService;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: admin-api's own JSON bodies besides the contracts (platform's {@code NativeContracts}). Quarkus
 * registers resource return types itself; they are listed anyway so the registration does not depend on how a
 * resource happens to return them. {@code NativeRegistrationsTest} fails when one is missing.
 */
@RegisterForReflection(targets = {
        MemberService.Member.class,
        WaitlistEntry.class,
        WaitlistService.Accepted.class,
        WaitlistService.EntryPage.class,
        WaitlistService.Deleted.class,
        WaitlistService.EraseRequest.class,
        WaitlistResource.ConfirmResult.class
})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
