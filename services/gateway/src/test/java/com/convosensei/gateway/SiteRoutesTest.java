package com.convosensei.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** The landing page at /site/ (and at / for the configured site host), next to the dashboard at /. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class SiteRoutesTest {

    private static final String SITE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    @Test
    void index__isServedAtSite_asUtf8Html_revalidated_underTheSiteCsp() {
        given().get("/site/").then().statusCode(200)
                .contentType("text/html;charset=UTF-8")
                .body(containsString("Sensei landing"))
                .header("Cache-Control", equalTo("no-cache"))
                .header("Content-Security-Policy", equalTo(SITE_CSP))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"));
        given().get("/site/index.html").then().statusCode(200).body(containsString("Sensei landing"));
        given().head("/site/privacy.html").then().statusCode(200).contentType("text/html;charset=UTF-8");
    }

    @Test
    void siteWithoutSlash__redirectsToTheFolder_keepingTheQuery() {
        given().redirects().follow(false).get("/site").then().statusCode(301).header("Location", equalTo("/site/"));
        given().redirects().follow(false).urlEncodingEnabled(false).get("/site?utm_source=news&utm_medium=mail")
                .then().statusCode(301).header("Location", equalTo("/site/?utm_source=news&utm_medium=mail"));
    }

    @Test
    void hashedAssets__areImmutable_theRestRevalidated_withTheirContentTypes() {
        given().get("/site/assets/site.0123abcd.css").then().statusCode(200).contentType(startsWith("text/css"))
                .header("Cache-Control", equalTo("public, max-age=31536000, immutable"));
        given().get("/site/assets/mark.1f8ba025.svg").then().statusCode(200).contentType(startsWith("image/svg+xml"))
                .header("Cache-Control", containsString("immutable"));
        given().get("/site/assets/img/shot.89abcdef.webp").then().statusCode(200).contentType("image/webp");
        // the unhashed original (linked from emails and the README) may change under the same name
        given().get("/site/assets/site.css").then().statusCode(200).header("Cache-Control", equalTo("no-cache"));
        given().get("/site/robots.txt").then().statusCode(200).contentType(startsWith("text/plain"))
                .body(containsString("User-agent"));
        given().get("/site/sitemap.xml").then().statusCode(200).contentType(containsString("xml"));
    }

    @Test
    void unknownPath__getsTheSites404Page_notTheDashboard_andIsNotCached() {
        for (String path : new String[] {"/site/nope", "/site/deep/er/nope.html", "/site/assets/missing.0123abcd.css"}) {
            given().get(path).then().statusCode(404)
                    .contentType("text/html;charset=UTF-8")
                    .body(containsString("site 404"))
                    .body(not(containsString("Sensei dashboard")))
                    .header("Cache-Control", equalTo("no-store"))
                    .header("Content-Security-Policy", equalTo(SITE_CSP));
        }
    }

    @Test
    void dotfiles_andPathsOutsideTheSiteFolder__areNeverServed() throws Exception {
        given().get("/site/.env").then().statusCode(404).body(not(containsString("HIDDEN")));
        // written byte for byte: an HTTP client would resolve the dots before sending
        String[] attacks = {
            "/site/../secret.txt", "/site/%2e%2e/secret.txt", "/site/%2E%2E%2Fsecret.txt", "/site/..%2fsecret.txt",
            "/site/assets/../../secret.txt", "/site/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/site/..\\secret.txt",
            "/site//../secret.txt",
        };
        for (String path : attacks) {
            RawHttp.Answer a = RawHttp.send(RestAssured.port,
                    "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null);
            assertThat(a.status()).as(path).isIn(200, 400, 404);
            assertThat(a.body()).as(path).doesNotContain("TOP-SECRET").doesNotContain("root:x:0");
        }
    }

    @Test
    void siteHost__getsTheLandingPageAtRoot_withTheApiStillProxied() {
        given().header("Host", UpstreamServers.SITE_HOST).get("/").then().statusCode(200)
                .body(containsString("Sensei landing")).header("Content-Security-Policy", equalTo(SITE_CSP));
        given().header("Host", UpstreamServers.SITE_HOST + ":8080").get("/privacy.html").then().statusCode(200)
                .body(containsString("Privacy"));
        given().header("Host", UpstreamServers.SITE_HOST).get("/conversations/1").then().statusCode(404)
                .body(containsString("site 404"));
        given().header("Host", UpstreamServers.SITE_HOST).get("/api/v1/conversations").then().statusCode(200)
                .body("service", equalTo("dashboard"));
        given().header("Host", UpstreamServers.SITE_HOST).get("/site/").then().statusCode(200)
                .body(containsString("Sensei landing"));
    }

    @Test
    void otherHosts__keepTheDashboardAtRoot_underItsOwnCsp() {
        given().get("/").then().statusCode(200).body(containsString("Sensei dashboard"))
                .header("Content-Security-Policy", containsString("default-src 'self'"));
        given().header("Host", "sensei.example.com").get("/conversations/1").then().statusCode(200)
                .body(containsString("Sensei dashboard"));
    }

    @Test
    void writes__toTheSite_areRefused() {
        given().contentType("application/json").body("{}").post("/site/").then().statusCode(405)
                .body("code", equalTo("method_not_allowed"));
    }
}
