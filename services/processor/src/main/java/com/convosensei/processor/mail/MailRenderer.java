package com.convosensei.processor.mail;

import com.convosensei.platform.email.EmailQueue;
import com.convosensei.platform.email.EmailTokens;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns an outbox row into an email: the kind's Qute templates ({@code templates/mail/<kind>.html} and
 * {@code .txt}, both always), with absolute links into the dashboard at {@code SENSEI_PUBLIC_URL}. The weekly summary
 * is computed here, at send time, for the period its row names.
 */
@ApplicationScoped
public class MailRenderer {

    @TemplateData
    public record WelcomeView(String dashboardUrl, String checklistUrl, String apiKeysUrl, String settingsUrl) {
    }

    @TemplateData
    public record WaitlistView(String name, String confirmUrl) {
    }

    private final Template welcomeHtml;
    private final Template welcomeTxt;
    private final Template summaryHtml;
    private final Template summaryTxt;
    private final Template waitlistHtml;
    private final Template waitlistTxt;
    private final WeeklySummaryRepository summaries;
    private final EmailTokens tokens;
    private final String base;

    public MailRenderer(@Location("mail/welcome.html") Template welcomeHtml, @Location("mail/welcome.txt") Template welcomeTxt,
            @Location("mail/weekly_summary.html") Template summaryHtml, @Location("mail/weekly_summary.txt") Template summaryTxt,
            @Location("mail/waitlist_confirm.html") Template waitlistHtml,
            @Location("mail/waitlist_confirm.txt") Template waitlistTxt,
            WeeklySummaryRepository summaries, EmailTokens tokens,
            @ConfigProperty(name = "sensei.public-url", defaultValue = "http://localhost:8080") String publicUrl) {
        this.welcomeHtml = welcomeHtml;
        this.welcomeTxt = welcomeTxt;
        this.summaryHtml = summaryHtml;
        this.summaryTxt = summaryTxt;
        this.waitlistHtml = waitlistHtml;
        this.waitlistTxt = waitlistTxt;
        this.summaries = summaries;
        this.tokens = tokens;
        this.base = publicUrl.replaceAll("/+$", "");
    }

    public Uni<RenderedMail> render(OutboxRepository.Claimed mail) {
        return switch (mail.kind()) {
            case EmailQueue.WELCOME -> Uni.createFrom().item(welcome());
            case EmailQueue.WEEKLY_SUMMARY -> summary(mail.payload());
            case EmailQueue.WAITLIST_CONFIRM -> Uni.createFrom().item(() -> waitlist(mail.payload()));
            default -> Uni.createFrom().failure(new UnrenderableMailException("unknown email kind " + mail.kind()));
        };
    }

    private RenderedMail welcome() {
        WelcomeView v = new WelcomeView(base + "/", base + "/", base + "/api-keys", base + "/settings");
        return new RenderedMail("Welcome to Sensei", welcomeHtml.data("v", v).render(), welcomeTxt.data("v", v).render(),
                Map.of());
    }

    private Uni<RenderedMail> summary(JsonObject payload) {
        String subject = payload.getString("subject");
        Instant periodEnd;
        try {
            periodEnd = Instant.parse(payload.getString("period_end", ""));
        } catch (DateTimeParseException e) {
            return Uni.createFrom().failure(
                    new UnrenderableMailException("weekly_summary payload needs period_end (ISO instant)"));
        }
        if (subject == null || subject.isBlank()) {
            return Uni.createFrom().failure(new UnrenderableMailException("weekly_summary payload needs subject"));
        }
        boolean onDemand = payload.getBoolean("on_demand", false);
        String token = tokens.sign(EmailTokens.UNSUBSCRIBE_WEEKLY, subject, Instant.now().plus(EmailTokens.UNSUBSCRIBE_TTL));
        String unsubscribe = base + "/api/v1/email/unsubscribe?token=" + token;
        return summaries.stats(periodEnd).map(stats -> {
            SummaryView v = SummaryView.of(stats, base, unsubscribe, onDemand);
            String title = "Sensei weekly summary, " + v.period();
            return new RenderedMail(title, summaryHtml.data("v", v).render(), summaryTxt.data("v", v).render(),
                    // RFC 2369 + RFC 8058: mail clients offer their own unsubscribe button, which POSTs to the link
                    Map.of("List-Unsubscribe", "<" + unsubscribe + ">", "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        });
    }

    private RenderedMail waitlist(JsonObject payload) {
        String url = payload.getString("confirm_url");
        if (url == null || !isWebUrl(url)) {
            throw new UnrenderableMailException("waitlist_confirm payload needs confirm_url (an http(s) URL)");
        }
        Object rawName = payload.getValue("name");
        String name = rawName instanceof String s && !s.isBlank() ? s.strip() : null;
        WaitlistView v = new WaitlistView(name, url);
        return new RenderedMail("Confirm your place on the Sensei waitlist", waitlistHtml.data("v", v).render(),
                waitlistTxt.data("v", v).render(), Map.of());
    }

    private static boolean isWebUrl(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
