package com.convosensei.admin.service;

import com.convosensei.admin.config.AdminConfig;
import com.convosensei.admin.repository.SecurityLogRepository;
import com.convosensei.contracts.admin.LoginRequest;
import com.convosensei.contracts.admin.LoginResponse;
import com.convosensei.contracts.error.ApiError;
import com.convosensei.contracts.error.ErrorCodes;
import com.convosensei.platform.error.ApiException;
import com.convosensei.platform.web.LogSafe;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Map;

/**
 * Local login for the single configured admin account. Guessing is slowed three ways: every failure answers after
 * a fixed delay, each failure is logged in {@code user_security_logs}, and a client address with too many recent
 * failures is refused with 429 before its password is even looked at — for one email + address (5 in 15 min) and for
 * the address across all emails (20 in 15 min, against spraying).
 *
 * <p>Every limit is keyed on the client address, never on the email alone (OWASP Authentication Cheat Sheet: an
 * account-wide lockout lets anyone lock the real user out). The address is the peer the gateway saw: the gateway
 * overwrites X-Forwarded-For, and this service believes that header only from the gateway's address
 * ({@code quarkus.http.proxy.trusted-proxies}), so rotating or spoofing the header buys no guesses and cannot spend
 * a victim's budget.
 */
@ApplicationScoped
public class LoginService {

    private final AdminConfig config;
    private final SecurityLogRepository logs;
    private final TokenIssuer tokens;

    public LoginService(AdminConfig config, SecurityLogRepository logs, TokenIssuer tokens) {
        this.config = config;
        this.logs = logs;
        this.tokens = tokens;
    }

    public boolean enabled() {
        return config.password().filter(p -> !p.isEmpty()).isPresent();
    }

    public Uni<LoginResponse> login(LoginRequest request, String ip, String userAgent) {
        if (!enabled()) {
            throw new ApiException(404, ApiError.of(ErrorCodes.NOT_FOUND,
                    "local login is disabled: set SENSEI_ADMIN_PASSWORD (or sign in through Supabase)"));
        }
        String email = normalise(request.email());
        AdminConfig.Lockout lockout = config.lockout();
        return logs.lockedForSeconds(email, ip, lockout.maxFailures(), lockout.window())
                .flatMap(wait -> wait > 0 ? Uni.createFrom().item(wait)
                        : logs.addressLockedForSeconds(ip, lockout.maxFailuresPerAddress(), lockout.window()))
                .flatMap(wait -> {
                    if (wait > 0) {
                        Log.infof("login refused (locked) for %s from %s", LogSafe.of(email), LogSafe.of(ip));
                        return logs.record(null, email, SecurityLogRepository.LOGIN_LOCKED, ip, null)
                                .map(v -> {
                                    throw new ApiException(429, ApiError.of(ErrorCodes.RATE_LIMITED,
                                            "too many failed logins from this address; try again in "
                                                    + wait + " seconds"), Map.of("Retry-After", Long.toString(wait)));
                                });
                    }
                    if (!credentialsMatch(email, request.password())) {
                        Log.infof("login failed for %s from %s", LogSafe.of(email), LogSafe.of(ip));
                        return logs.record(null, email, SecurityLogRepository.LOGIN_FAILED, ip, null)
                                .onItem().delayIt().by(lockout.failureDelay())
                                .map(v -> {
                                    throw ApiException.unauthorized("wrong email or password");
                                });
                    }
                    String subject = TokenIssuer.subjectFor(email);
                    String token = tokens.issue(subject, email, config.tokenTtl());
                    OffsetDateTime expiresAt = OffsetDateTime.now().plus(config.tokenTtl());
                    return logs.recordLogin(subject, email, ip, userAgent, expiresAt)
                            .map(v -> new LoginResponse(token, "bearer", config.tokenTtl().toSeconds(),
                                    new LoginResponse.User(subject, email)));
                });
    }

    /** Both comparisons always run and take the same time whatever the input (digests of equal length). */
    private boolean credentialsMatch(String email, String password) {
        boolean emailOk = MessageDigest.isEqual(sha256(email), sha256(normalise(config.email())));
        boolean passwordOk = MessageDigest.isEqual(sha256(password), sha256(config.password().orElse("")));
        return emailOk & passwordOk;
    }

    static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
