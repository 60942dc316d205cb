package com.convosensei.platform.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.contracts.ApiPaths;
import com.convosensei.platform.nativeimage.fixture.FixtureHandler;
import com.convosensei.platform.nativeimage.fixture.NewContract;
import java.util.Set;
import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;

/** Every record and enum of libs/contracts is registered for reflection (native images), and nothing else is. */
class NativeContractsTest {

    private static final String FIXTURE = NewContract.class.getPackageName() + ".";

    @Test
    void everyContractRecordAndEnumIsRegistered() {
        Set<String> contracts = WireTypes.recordsAndEnums(WireTypes.indexOf(ApiPaths.class), "com.convosensei.contracts.");
        Set<String> registered = WireTypes.registered(NativeContracts.class);

        // the scan sees the contracts (a broken scan would make the next assertion pass vacuously)
        assertThat(contracts).contains("com.convosensei.contracts.stream.IngestEvent",
                "com.convosensei.contracts.admin.LoginResponse$User", "com.convosensei.contracts.failure.FailureType")
                .hasSizeGreaterThan(50);
        assertThat(WireTypes.missing(contracts, registered)).as("contract types without a registration in "
                + NativeContracts.class.getSimpleName()).isEmpty();
        assertThat(WireTypes.missing(registered, dotted(contracts))).as("registered but not a contract record/enum")
                .isEmpty();
    }

    @Test
    void aContractAddedWithoutRegistrationIsReported() {
        Index tests = WireTypes.indexOf(NativeContractsTest.class);
        Set<String> added = WireTypes.recordsAndEnums(tests, FIXTURE);

        assertThat(WireTypes.missing(added, WireTypes.registered(NativeContracts.class))).containsExactlyInAnyOrder(
                FIXTURE + "NewContract", FIXTURE + "NewContract.NewContractItem", FIXTURE + "NewContract.NewContractKind",
                FIXTURE + "FixtureHandler.LocalPayload", FIXTURE + "FixtureResource.Body",
                FIXTURE + "FixtureResource.Reply", FIXTURE + "FixtureResource.Annotated");
    }

    @Test
    void serializedTypesComeFromResourcesJacksonAnnotationsStreamHandlersAndTheirClosure() {
        Index tests = WireTypes.indexOf(NativeContractsTest.class);
        Set<String> found = WireTypes.serialized(tests, FixtureHandler.class.getName());

        assertThat(found).filteredOn(n -> n.startsWith(FIXTURE)).containsExactlyInAnyOrder(
                FIXTURE + "FixtureResource$Body", FIXTURE + "FixtureResource$Reply",
                FIXTURE + "FixtureResource$Annotated", FIXTURE + "FixtureHandler$LocalPayload");
        // reached only through a record component
        assertThat(WireTypes.closure(tests, Set.of(FIXTURE + "NewContract")))
                .contains(FIXTURE + "NewContract$NewContractItem", FIXTURE + "NewContract$NewContractKind");
    }

    private static Set<String> dotted(Set<String> names) {
        return names.stream().map(n -> n.replace('$', '.')).collect(java.util.stream.Collectors.toSet());
    }
}
