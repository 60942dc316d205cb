package com.convosensei.admin.service;

import com.convosensei.platform.auth.RoleAugmentor;
import com.convosensei.platform.auth.RolePolicy;
import com.convosensei.platform.auth.Roles;
import com.convosensei.platform.auth.UserProfiles;
import com.convosensei.platform.auth.UserProfiles.Profile;
import com.convosensei.platform.email.EmailQueue;
import com.convosensei.platform.error.ApiException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The members page: everyone who signed in, the role each has now and where it comes from, and changing the stored
 * role. Only stored (and default) roles can be changed here: a role from the token's {@code app_metadata} or from
 * {@code SENSEI_ADMIN_EMAILS} is decided outside Sensei and would win anyway.
 */
@ApplicationScoped
public class MemberService {

    /** One row of the members page. {@code role}/{@code roleSource} are null for someone who has no role. */
    public record Member(String subject, String email, String role, String roleSource, String storedRole,
            Instant lastSeenAt, boolean roleEditable, String note) {
    }

    private final UserProfiles profiles;
    private final RolePolicy policy;
    private final RoleAugmentor augmentor;
    private final EmailQueue emails;

    public MemberService(UserProfiles profiles, RolePolicy policy, RoleAugmentor augmentor, EmailQueue emails) {
        this.profiles = profiles;
        this.policy = policy;
        this.augmentor = augmentor;
        this.emails = emails;
    }

    public Uni<List<Member>> list() {
        return profiles.list().map(all -> all.stream().map(this::member).toList());
    }

    /** @param newRole admin, viewer, or null to clear the stored role (the default role applies then) */
    public Uni<Member> setRole(String subject, String newRole, String actorSubject) {
        return profiles.list().flatMap(all -> {
            Profile target = all.stream().filter(p -> p.subject().equals(subject)).findFirst()
                    .orElseThrow(() -> ApiException.notFound("member"));
            Optional<Roles.Decision> now = decide(target);
            Roles.Source source = now.map(Roles.Decision::source).orElse(null);
            if (source == Roles.Source.CLAIM || source == Roles.Source.ALLOWLIST) {
                throw ApiException.conflict(fixedElsewhere(source) + "; it cannot be changed on the members page");
            }
            if (Objects.equals(target.storedRole(), newRole)) {
                return Uni.createFrom().item(member(target));
            }
            boolean losesAdmin = now.map(d -> d.role().equals(Roles.ADMIN)).orElse(false)
                    && !policy.decide(target.claimedRole(), target.email(), newRole)
                            .map(d -> d.role().equals(Roles.ADMIN)).orElse(false);
            if (losesAdmin && all.stream().filter(p -> !p.subject().equals(subject)).noneMatch(this::isAdmin)) {
                throw ApiException.conflict((subject.equals(actorSubject) ? "you are" : "this member is")
                        + " the last admin; make someone else admin first");
            }
            boolean becomesAdmin = !now.map(d -> d.role().equals(Roles.ADMIN)).orElse(false)
                    && policy.decide(target.claimedRole(), target.email(), newRole)
                            .map(d -> d.role().equals(Roles.ADMIN)).orElse(false);
            return profiles.setRole(subject, target.storedRole(), newRole, actorSubject).map(changed -> {
                augmentor.forget(subject); // this service at once; the others within their role cache period
                return changed.orElseThrow(() -> ApiException.conflict("this member's role changed meanwhile; reload and try again"));
            }).call(changed -> becomesAdmin && changed.email() != null
                    // a new admin gets the welcome email (once ever: welcome:<subject>); a failure to queue it is logged only
                    ? emails.enqueueWelcome(subject, changed.email()).onFailure().recoverWithItem(e -> {
                        Log.warnf("could not queue the welcome email of a promoted admin (%s)", e.toString());
                        return false;
                    })
                    : Uni.createFrom().voidItem()).map(this::member);
        });
    }

    private boolean isAdmin(Profile p) {
        return decide(p).map(d -> d.role().equals(Roles.ADMIN)).orElse(false);
    }

    private Optional<Roles.Decision> decide(Profile p) {
        return policy.decide(p.claimedRole(), p.email(), p.storedRole());
    }

    private Member member(Profile p) {
        Optional<Roles.Decision> d = decide(p);
        Roles.Source source = d.map(Roles.Decision::source).orElse(null);
        boolean editable = source != Roles.Source.CLAIM && source != Roles.Source.ALLOWLIST;
        return new Member(p.subject(), p.email(), d.map(Roles.Decision::role).orElse(null), source == null ? null : source.wire(),
                p.storedRole(), p.lastSeenAt() == null ? null : p.lastSeenAt().toInstant(), editable,
                editable ? null : fixedElsewhere(source));
    }

    private static String fixedElsewhere(Roles.Source source) {
        return source == Roles.Source.CLAIM
                ? "this role comes from the token's app_metadata.sensei_role (set in Supabase)"
                : "this role comes from SENSEI_ADMIN_EMAILS (the deployment's configuration)";
    }
}
