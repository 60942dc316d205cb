package com.convosensei.contracts.ingest;

import java.util.Set;

/** Message roles accepted on the wire. */
public final class Role {
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";
    public static final String SYSTEM = "system";
    public static final String TOOL = "tool";
    public static final Set<String> ALL = Set.of(USER, ASSISTANT, SYSTEM, TOOL);

    private Role() {
    }
}
