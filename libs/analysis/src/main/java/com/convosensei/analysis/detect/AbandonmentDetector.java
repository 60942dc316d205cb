package com.convosensei.analysis.detect;

import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Conversation;
import com.convosensei.analysis.model.Message;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user left without getting what they came for. Only for conversations that are over: the client marked them
 * ended, or nothing happened for {@code inactivity} before {@code config.now}. Two shapes:
 * <ul>
 *   <li>the last message is the user's and asks for something (a question or request) that never got an answer;</li>
 *   <li>the last assistant reply was a failure (refusal, error) and the user did not reply, or only replied with a
 *       complaint ("this is useless"; a neutral or closing reply means the user was still engaged or done). For a
 *       loop, the last two replies must both be repeats: the assistant was stuck when the conversation ended, not
 *       just saying "I don't know." for the third time in a long chat.</li>
 * </ul>
 * Runs after the other detectors: it reads their findings.
 */
public final class AbandonmentDetector implements FailureDetector {

    private static final Set<FailureType> FAILURE_TURNS = EnumSet.of(FailureType.AGENT_REFUSAL,
            FailureType.ERROR_RESPONSE, FailureType.REPETITION_LOOP);

    private static final Pattern QUESTION_OR_REQUEST = Pattern.compile(
            "\\?|^(?:how|what|why|when|where|which|who|whose|can|could|would|will|is|are|do|does|did|should|may"
                    + "|please|pls|plz|help|i need|i want|i'd like|i would like|tell me|show me|explain|let me know"
                    + "|send|give|check|find|cancel|refund|fix|change|update|resend|look|get|transfer|connect|call"
                    + "|i still need|still need|and the|what about"
                    + "|any (?:update|news|idea)|hello\\??$|hi\\??$|anyone)\\b"
                    + "|\\b(?:please|pls|plz|can you|could you|would you|i need|i want|i'd like|i would like"
                    + "|help me|tell me|let me know|need help|waiting for|any update)\\b");

    private static final Pattern CLOSING = Pattern.compile(
            "\\b(?:thanks|thank you|thx|ty|cheers|bye|goodbye|good bye|see you|ok(?:ay)?|got it|great|perfect|cool"
                    + "|alright|all right|will do|sounds good|no worries|no problem|understood|fine|nevermind|never mind"
                    + "|makes sense|that's all|that is all|have a (?:good|nice|great) (?:day|one))\\b");

    @Override
    public FailureType type() {
        return FailureType.ABANDONMENT;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        Conversation c = ctx.conversation();
        List<MessageText> texts = ctx.texts();
        if (texts.isEmpty() || !over(ctx)) {
            return List.of();
        }
        int lastAssistant = -1;
        int lastUser = -1;
        for (MessageText t : texts) {
            if (t.message().isAssistant()) {
                lastAssistant = t.position();
            } else if (t.message().isUser()) {
                lastUser = t.position();
            }
        }
        if (lastUser < 0) {
            return List.of();
        }
        String how = c.ended() ? "ended" : "went quiet";

        // shape 1: the user's last request is the last word
        MessageText userLast = texts.get(lastUser);
        if (lastUser > lastAssistant && (asks(userLast) || isRequestFinding(ctx, userLast.message()))
                && !closes(userLast, ctx)) {
            Message m = userLast.message();
            return List.of(finding(Severity.MEDIUM, 0.8, List.of(Excerpts.of(m)),
                    "Conversation " + how + " with the user's last message unanswered (" + Explain.messages(List.of(m))
                            + ").", m));
        }

        // shape 2: the last assistant reply was a failure and the user did not close the conversation
        if (lastAssistant >= 0) {
            Message reply = texts.get(lastAssistant).message();
            Message replyBefore = previousAssistant(texts, lastAssistant);
            Finding failure = ctx.priorFindings().stream()
                    .filter(f -> FAILURE_TURNS.contains(f.type()) && f.mentions(reply.id()))
                    .filter(f -> f.type() != FailureType.REPETITION_LOOP
                            || (replyBefore != null && f.mentions(replyBefore.id())))
                    .findFirst().orElse(null);
            if (failure != null) {
                boolean userComplained = false;
                boolean userReplied = false;
                for (int i = lastAssistant + 1; i < texts.size(); i++) {
                    if (texts.get(i).message().isUser()) {
                        userReplied = true;
                        userComplained |= !closes(texts.get(i), ctx)
                                && ctx.sentiment(i) <= ctx.config().frustration().negativeThreshold();
                    }
                }
                if (!userReplied || userComplained) {
                    Message anchor = lastUser > lastAssistant ? userLast.message() : reply;
                    List<Evidence> ev = new ArrayList<>();
                    ev.add(Excerpts.of(reply));
                    if (anchor != reply) {
                        ev.add(Excerpts.of(anchor));
                    }
                    String what = failure.type().wire().replace('_', ' ');
                    String article = "aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ";
                    return List.of(finding(Severity.HIGH, 0.85, ev, "Conversation " + how + " right after " + article
                            + what + " in the last reply ("
                            + Explain.messages(List.of(reply)) + ").", reply));
                }
            }
        }
        return List.of();
    }

    private static Message previousAssistant(List<MessageText> texts, int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (texts.get(i).message().isAssistant()) {
                return texts.get(i).message();
            }
        }
        return null;
    }

    private Finding finding(Severity s, double confidence, List<Evidence> ev, String explanation, Message anchor) {
        return new Finding(type(), s, confidence, ev, explanation, Fingerprints.of(type(), anchor.id()));
    }

    /** Ended by the client, or inactive for longer than the configured timeout at {@code config.now}. */
    static boolean over(DetectionContext ctx) {
        Conversation c = ctx.conversation();
        if (c.ended()) {
            return true;
        }
        Instant now = ctx.config().now();
        Instant last = c.lastActivityAt();
        if (last == null && !c.messages().isEmpty()) {
            last = c.messages().get(c.messages().size() - 1).timestamp();
        }
        return now != null && last != null && !last.plus(ctx.config().abandonment().inactivity()).isAfter(now);
    }

    /** An unanswered request for a human is a request even without a question mark ("Get me a manager."). */
    private static boolean isRequestFinding(DetectionContext ctx, Message m) {
        return ctx.priorFindings().stream()
                .anyMatch(f -> f.type() == FailureType.ESCALATION_REQUEST && f.mentions(m.id()));
    }

    private static boolean asks(MessageText t) {
        return QUESTION_OR_REQUEST.matcher(t.lower()).find();
    }

    private static boolean closes(MessageText t, DetectionContext ctx) {
        return t.lower().indexOf('?') < 0 && CLOSING.matcher(t.lower()).find() && ctx.sentiment(t.position()) > -0.3;
    }
}
