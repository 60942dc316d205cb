package com.convosensei.platform.auth;

import com.convosensei.platform.email.EmailQueue;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives a verified token its Sensei role ({@link Roles}) and nothing else: roles smallrye-jwt derived from a
 * {@code groups} claim are dropped, so {@code @RolesAllowed} has one source of truth.
 * <p>
 * The stored role (members page) comes from {@code user_profiles}, read together with recording the sighting
 * ({@link UserProfiles#recordSeen}) and cached per subject for {@code sensei.auth.role-cache} (a few seconds, so a
 * demotion bites fast without a query per request). Only identities whose principal is a JWT are touched: API-key
 * callers (ingestion) and anonymous requests pass through without any lookup.
 */
@ApplicationScoped
public class RoleAugmentor implements SecurityIdentityAugmentor {

    /** Attribute holding the {@link Roles.Source} of the identity's role, for {@code /auth/me}. */
    public static final String ROLE_SOURCE = "sensei.role-source";
    /** How far in the future {@code iat} may be (clock drift between the issuer and us). */
    static final long IAT_LEEWAY_SECONDS = 5;
    private static final int MAX_CACHED = 10_000;
    private static final UserProfiles.Seen NOT_SEEN = new UserProfiles.Seen(Optional.empty(), false);

    private record Cached(Optional<String> storedRole, long expiresAtNanos) {
    }

    private final RolePolicy policy;
    private final UserProfiles profiles;
    private final long cacheNanos;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final EmailQueue emails;

    public RoleAugmentor(RolePolicy policy, UserProfiles profiles, EmailQueue emails,
            @ConfigProperty(name = "sensei.auth.role-cache", defaultValue = "5s") Duration cacheFor) {
        this.policy = policy;
        this.profiles = profiles;
        this.emails = emails;
        this.cacheNanos = cacheFor.toNanos();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        // smallrye-jwt keeps a clock skew of at least 1 s on exp (0 means its default, 60 s) and never checks that iat
        // has passed (a token minted with a future iat outlives its intended window): both are checked here
        long now = System.currentTimeMillis() / 1000;
        if (jwt.getExpirationTime() <= now) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token has expired"));
        }
        if (jwt.getIssuedAtTime() > now + IAT_LEEWAY_SECONDS) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token's iat is in the future"));
        }
        String subject = jwt.getSubject();
        String email = jwt.getClaim("email");
        String claimed = Roles.appMetadataRole(jwt.getClaim("app_metadata")).flatMap(Roles::known).orElse(null);
        Uni<UserProfiles.Seen> stored = subject == null || subject.isBlank()
                ? Uni.createFrom().item(NOT_SEEN) : storedRole(subject, email, claimed);
        return stored.flatMap(seen -> {
            Optional<Roles.Decision> decision = policy.decide(claimed, email, seen.storedRole().orElse(null));
            QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                    .setPrincipal(identity.getPrincipal())
                    .addCredentials(identity.getCredentials())
                    .addAttributes(identity.getAttributes());
            decision.ifPresent(d -> builder.addRole(d.role()).addAttribute(ROLE_SOURCE, d.source()));
            SecurityIdentity augmented = builder.build();
            boolean admin = decision.map(d -> d.role().equals(Roles.ADMIN)).orElse(false);
            return seen.first() && admin ? welcome(subject, email).replaceWith(augmented) : Uni.createFrom().item(augmented);
        });
    }

    /**
     * An admin's first sighting ever (or a local admin's first request after signing in): queue the welcome email
     * ({@code welcome:<subject>}, so once ever even if two replicas both saw a first request). Never fails sign-in.
     */
    private Uni<Void> welcome(String subject, String email) {
        if (email == null || email.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> emails.enqueueWelcome(subject, email))
                .invoke(queued -> Log.infof("welcome email %s for a new admin", queued ? "queued" : "already queued"))
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not queue the welcome email of a new admin (%s)", e.toString());
                    return false;
                })
                .replaceWithVoid();
    }

    /** Forget a subject's cached stored role (after the members page changed it, in this service). */
    public void forget(String subject) {
        cache.remove(subject);
    }

    /** Forget every cached stored role (after changing user_profiles behind this service's back, e.g. in tests). */
    public void forgetAll() {
        cache.clear();
    }

    private Uni<UserProfiles.Seen> storedRole(String subject, String email, String claimed) {
        Cached hit = cache.get(subject);
        long now = System.nanoTime();
        if (hit != null && now - hit.expiresAtNanos < 0) {
            return Uni.createFrom().item(new UserProfiles.Seen(hit.storedRole, false));
        }
        return profiles.recordSeen(subject, email, claimed)
                .invoke(seen -> {
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear(); // crude bound; entries live seconds anyway
                    }
                    cache.put(subject, new Cached(seen.storedRole(), System.nanoTime() + cacheNanos));
                })
                // no database, no stored role: claims, the allowlist and the default still decide (never more than viewer)
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("stored role of a user unavailable (%s); deciding without it", e.toString());
                    return NOT_SEEN;
                });
    }
}
