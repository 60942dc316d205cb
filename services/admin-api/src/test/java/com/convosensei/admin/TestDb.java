package com.convosensei.admin;

import com.convosensei.platform.testing.TestDatabase;

/** This module's test database: {@link #DB} seeds and asserts what was stored. */
public final class TestDb {

    public static final String NAME = "sensei_test_admin";
    public static final TestDatabase DB = new TestDatabase(NAME);

    private TestDb() {
    }
}
