package com.convosensei.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.convosensei.platform.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LoginDisabledTest.NoPassword.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "db", value = TestDb.NAME))
class LoginDisabledTest {

    public static class NoPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sensei.admin.password", "");
        }
    }

    @Test
    void login__withoutAConfiguredPassword__is404SayingWhy() {
        given().contentType(ContentType.JSON).body(Map.of("email", "admin@sensei.test", "password", ""))
                .post("/api/v1/auth/login").then().statusCode(400); // still validated first
        given().contentType(ContentType.JSON).body(Map.of("email", "admin@sensei.test", "password", "anything"))
                .post("/api/v1/auth/login").then().statusCode(404)
                .body("code", equalTo("not_found"))
                .body("message", containsString("SENSEI_ADMIN_PASSWORD"));
    }
}
