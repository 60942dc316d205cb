package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Feedback;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Explicit feedback the client recorded in metadata, on the conversation or on a message: thumbs down
 * ({@code thumbs: "down"}, {@code thumbs_down: true}, {@code feedback: "negative" | -1}), a low {@code rating} /
 * {@code csat} / {@code score} (on {@code rating_scale}/{@code max_rating}/{@code scale} when given, else 1-5;
 * a fractional score in [0, 1] is read as a fraction; a negative score is negative), an NPS detractor, or
 * {@code helpful: false}. A nested {@code feedback: {type|value|rating, comment}} object is read the same way.
 *
 * <p>Explicit feedback from the feedback API ({@link Conversation#feedback()}) counts first: a thumbs down or a
 * rating of 1-2 (1 is high severity), its comment quoted as evidence, anchored on the rated message when its id
 * matches one of the conversation's messages (else on the conversation). Several negative ratings (three or more, in
 * metadata and API together) make it high.
 */
public final class NegativeFeedbackDetector implements FailureDetector {

    private static final Set<String> NEGATIVE_WORDS = Set.of("negative", "down", "thumbs_down", "thumbsdown",
            "thumbs-down", "bad", "dislike", "disliked", "unhelpful", "not_helpful", "not helpful", "poor", "-1", "no",
            "unsatisfied", "dissatisfied", "angry", "sad", "👎");
    private static final String[] COMMENT_KEYS = {"comment", "feedback_comment", "feedback_text", "text", "reason"};

    /** Confidence of a finding backed by explicit API feedback. */
    static final double EXPLICIT_CONFIDENCE = 0.99;

    private record Signal(String description, Severity severity, String comment) {
    }

    @Override
    public FailureType type() {
        return FailureType.NEGATIVE_FEEDBACK;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Feedback cfg = ctx.config().feedback();
        List<Evidence> evidence = new ArrayList<>();
        List<String> what = new ArrayList<>();
        Severity severity = null;
        String anchor = null;
        int negatives = 0;
        double confidence = 0.95;
        for (Feedback f : ctx.conversation().feedback()) {
            if (!f.negative()) {
                continue;
            }
            negatives++;
            confidence = EXPLICIT_CONFIDENCE; // the user said so through the API, nothing inferred from metadata
            Severity s = "rating".equals(f.kind()) && f.value() <= 1 ? Severity.HIGH : Severity.MEDIUM;
            severity = severity == null || s.compareTo(severity) > 0 ? s : severity;
            MessageText rated = f.messageId() == null ? null : ctx.texts().stream()
                    .filter(t -> f.messageId().equals(t.message().id())).findFirst().orElse(null);
            // the comment first: it is what the user said, the excerpt only says where
            String said = "User " + f.describe() + (f.comment() == null || f.comment().isBlank() ? ""
                    : " \u2014 \"" + f.comment().strip() + "\"");
            if (rated == null) {
                evidence.add(new Evidence(null, null, clip(said + " (on the conversation)")));
                if (what.size() < 3) {
                    what.add(f.describe() + " on the conversation");
                }
                anchor = anchor == null ? "conversation" : anchor;
            } else {
                evidence.add(Excerpts.evidence(rated.message(), clip(said + " on: " + rated.raw())));
                if (what.size() < 3) {
                    what.add(f.describe() + " on " + Explain.messages(List.of(rated.message())));
                }
                anchor = anchor == null ? rated.message().id() : anchor;
            }
        }
        Signal conv = read(ctx.conversation().metadata(), cfg);
        if (conv != null) {
            evidence.add(new Evidence(null, null, excerpt("Conversation feedback: " + conv.description, conv.comment)));
            what.add(conv.description + " on the conversation");
            severity = severity == null || conv.severity.compareTo(severity) > 0 ? conv.severity : severity;
            anchor = anchor == null ? "conversation" : anchor;
        }
        List<Message> rated = new ArrayList<>();
        for (MessageText t : ctx.texts()) {
            Signal s = read(t.message().metadata(), cfg);
            if (s == null) {
                continue;
            }
            rated.add(t.message());
            evidence.add(Excerpts.evidence(t.message(), excerpt(s.description + " on: "
                    + Excerpts.around(t.raw(), 0, 0), s.comment)));
            severity = severity == null || s.severity.compareTo(severity) > 0 ? s.severity : severity;
            if (anchor == null) {
                anchor = t.message().id();
            }
            if (what.size() < 3) {
                what.add(s.description + " on " + Explain.messages(List.of(t.message())));
            }
        }
        if (severity == null) {
            return List.of();
        }
        if (negatives + rated.size() + (conv != null ? 1 : 0) >= 3 && severity.compareTo(Severity.HIGH) < 0) {
            severity = Severity.HIGH;
        }
        return List.of(new Finding(type(), severity, confidence, evidence.stream().limit(5).toList(),
                "User gave negative feedback: " + String.join("; ", what) + ".", Fingerprints.of(type(), anchor)));
    }

    private static String clip(String s) {
        return com.convosensei.analysis.text.Text.clip(Excerpts.around(s, 0, 0), Excerpts.MAX);
    }

    private static String excerpt(String base, String comment) {
        String s = comment == null || comment.isBlank() ? base : base + " \u2014 \"" + comment.strip() + "\"";
        return com.convosensei.analysis.text.Text.clip(Excerpts.around(s, 0, 0), Excerpts.MAX);
    }

    /** The negative signal in one metadata map, or null. */
    static Signal read(Map<String, Object> md, AnalysisConfig.Feedback cfg) {
        return read(md, cfg, false);
    }

    @SuppressWarnings("unchecked")
    private static Signal read(Map<String, Object> md, AnalysisConfig.Feedback cfg, boolean nested) {
        if (md == null || md.isEmpty()) {
            return null;
        }
        String comment = null;
        for (String k : COMMENT_KEYS) {
            if (md.get(k) instanceof String s) {
                comment = s;
                break;
            }
        }
        Object fb = md.get("feedback");
        if (fb instanceof Map<?, ?> inner) {
            Signal s = read((Map<String, Object>) inner, cfg, true);
            if (s != null) {
                return s;
            }
        } else if (fb != null) {
            Signal s = word("feedback", fb, comment);
            if (s != null) {
                return s;
            }
        }
        // "type"/"value" only mean feedback inside a feedback object; at top level they are anybody's keys
        String[] keys = nested ? new String[] {"thumbs", "thumb", "vote", "reaction", "type", "value", "kind"}
                : new String[] {"thumbs", "thumb", "vote", "reaction", "user_feedback"};
        for (String k : keys) {
            Object v = md.get(k);
            if (v != null) {
                Signal s = word(k, v, comment);
                if (s != null) {
                    return s;
                }
            }
        }
        if (Boolean.TRUE.equals(md.get("thumbs_down")) || Boolean.TRUE.equals(md.get("thumbsDown"))
                || Boolean.FALSE.equals(md.get("thumbs_up"))) {
            return new Signal("thumbs down", Severity.MEDIUM, comment);
        }
        if (Boolean.FALSE.equals(md.get("helpful")) || Boolean.FALSE.equals(md.get("was_helpful"))
                || Boolean.FALSE.equals(md.get("resolved_by_user"))) {
            return new Signal("marked not helpful", Severity.MEDIUM, comment);
        }
        Double scale = number(first(md, "rating_scale", "max_rating", "scale", "out_of", "max_score"));
        for (String k : new String[] {"rating", "stars", "csat", "score", "user_rating", "satisfaction"}) {
            Double v = number(md.get(k));
            if (v == null) {
                continue;
            }
            Signal s = rating(k, v, scale, cfg, comment);
            if (s != null) {
                return s;
            }
        }
        Double nps = number(md.get("nps"));
        if (nps != null && nps <= cfg.maxDetractorNps()) {
            return new Signal("NPS " + fmt(nps), nps <= 3 ? Severity.HIGH : Severity.MEDIUM, comment);
        }
        return null;
    }

    private static Signal word(String key, Object v, String comment) {
        if (v instanceof Number n) {
            return n.doubleValue() < 0 ? new Signal(key + " " + fmt(n.doubleValue()), Severity.MEDIUM, comment) : null;
        }
        if (v instanceof Boolean) {
            return null;
        }
        String s = String.valueOf(v).strip().toLowerCase(Locale.ROOT);
        if (NEGATIVE_WORDS.contains(s)) {
            return new Signal(key.equals("thumbs") || key.equals("thumb") || s.contains("down") || s.equals("👎")
                    ? "thumbs down" : key + " \"" + s + "\"", Severity.MEDIUM, comment);
        }
        return null;
    }

    private static Signal rating(String key, double v, Double scale, AnalysisConfig.Feedback cfg, String comment) {
        double max = scale != null && scale > 0 ? scale : cfg.ratingScale();
        double fraction;
        if (v < 0) {
            return new Signal(key + " " + fmt(v), Severity.MEDIUM, comment);
        } else if (scale == null && v <= 1 && v != Math.rint(v)) {
            fraction = v; // 0.2 of 1
            max = 1;
        } else if (scale == null && v > cfg.ratingScale() && v <= 10) {
            max = 10;
            fraction = v / 10;
        } else if (scale == null && v > 10 && v <= 100) {
            max = 100;
            fraction = v / 100;
        } else {
            fraction = v / max;
        }
        double limit = cfg.maxNegativeRating() / cfg.ratingScale();
        if (fraction > limit + 1e-9) {
            return null;
        }
        Severity s = fraction <= 1.0 / cfg.ratingScale() + 1e-9 ? Severity.HIGH : Severity.MEDIUM;
        return new Signal(key + " " + fmt(v) + " of " + fmt(max), s, comment);
    }

    private static Object first(Map<String, Object> md, String... keys) {
        for (String k : keys) {
            if (md.get(k) != null) {
                return md.get(k);
            }
        }
        return null;
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
