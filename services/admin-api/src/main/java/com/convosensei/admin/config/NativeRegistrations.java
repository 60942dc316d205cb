package com.convosensei.admin.config;

import com.convosensei.admin.service.MemberService;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: admin-api's own JSON bodies besides the contracts (platform's {@code NativeContracts}). Quarkus
 * registers resource return types itself; they are listed anyway so the registration does not depend on how a
 * resource happens to return them. {@code NativeRegistrationsTest} fails when one is missing.
 */
@RegisterForReflection(targets = {
        MemberService.Member.class
})
public final class NativeRegistrations {

    private NativeRegistrations() {
    }
}
