package com.convosensei.dashboard;

import static io.restassured.RestAssured.given;

import com.convosensei.platform.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** Requests to the service under test, signed in with a valid token. */
final class Api {

    private Api() {
    }

    static RequestSpecification api() {
        return given().header("Authorization", TestTokens.bearer());
    }

    /** The ids of one page of a list endpoint ({@code items[].id}). */
    static List<String> ids(String path, Map<String, ?> query) {
        return api().queryParams(query).get(path).then().statusCode(200).extract().jsonPath().getList("items.id");
    }
}
