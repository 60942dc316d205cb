package com.convosensei.analysis.detect;

import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.PhrasePattern;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * The assistant declines: "I can't help with that", "I'm unable to process refunds", "as an AI I cannot",
 * "that's against my guidelines". Not "I can help", not "I can't wait", not "I can't find that order" (a lookup
 * result, not a refusal), not conditionals ("if I can't help, I'll transfer you"). A refusal that hands over to
 * someone who can help ("but I can connect you with billing") is still a refusal, at low severity.
 * Declining a prompt-injection attempt is the bot doing its job, not a failure: replies to a message the
 * injection detector flagged are skipped (that detector runs first).
 */
public final class AgentRefusalDetector implements FailureDetector {

    private static final String VERBS = "(?:help|assist|provide|do|share|give|discuss|process|complete|answer|access"
            + "|make|change|offer|issue|approve|grant|fulfil|fulfill|handle|support|comply|engage|generate|write"
            + "|create|disclose|reveal|look|check|modify|cancel|refund|override|waive|perform|execute|continue"
            + "|respond|talk|go|book|reset|update|send|release|speculate|recommend|advise|view|see into|edit"
            + "|remove|delete|apply|add|arrange|authorize|authorise|unlock|verify|confirm|guarantee|promise|expedite)";

    private static final PhrasePattern REFUSAL = PhrasePattern.compile(
            "\\bi(?:'m| am)? ?(?:can't|cannot|can not|won't be able to|will not be able to|am unable to|'m unable to"
                    + "|am not able to|'m not able to|am not allowed to|'m not allowed to|am not permitted to"
                    + "|'m not permitted to|am not authorized to|'m not authorized to|am not authorised to"
                    + "|'m not authorised to|am not in a position to|'m not in a position to"
                    + "|don't have (?:the )?(?:ability|permission|authority|access|tools) to"
                    + "|do not have (?:the )?(?:ability|permission|authority|access|tools) to"
                    + "|must decline to|have to decline to)"
                    + " (?:\\w+ ){0,2}?" + VERBS + "\\b(?! but\\b)"
                    + "|\\bas an? (?:ai|ai assistant|language model|large language model|virtual assistant|bot"
                    + "|automated assistant|chatbot)\\b[^.!?]{0,60}?\\b(?:i )?(?:can't|cannot|can not|don't|do not"
                    + "|am not able|'m not able|am unable|'m unable|won't|am not allowed|'m not allowed|have no)\\b"
                    + "|\\b(?:against|violates?|in violation of|not (?:allowed|permitted) (?:by|under)|not in line with)"
                    + " (?:my|our|the|openai's|company) (?:guidelines|policies|policy|rules|usage polic(?:y|ies)"
                    + "|content polic(?:y|ies)|programming|instructions|terms of (?:use|service))"
                    + "|\\b(?:i must|i have to|i'll have to|i will have to|i need to|i'm going to have to) "
                    + "(?:respectfully |politely )?decline\\b"
                    + "|\\b(?:that's|that is|this is|it's|it is|that request is|this request is|that falls|this falls)"
                    + " (?:\\w+ )?(?:outside|beyond|not within|out of) (?:my|the) (?:scope|capabilities|abilities|remit"
                    + "|area|permissions)"
                    + "|\\b(?:not|isn't|is not) something i(?:'m| am)? (?:can|able to|allowed to|permitted to)"
                    + " (?:help|assist|do|discuss|provide|share|answer|change|process)"
                    + "|\\bi(?:'m| am) (?:sorry|afraid),? (?:but )?(?:i |that )?(?:can't|cannot|can not|won't be able"
                    + "|am not able|'m not able|am unable|'m unable|isn't something i|is not something i)"
                    + "(?! (?:find|locate|see|reproduce|hear)\\b)"
                    + "|\\bi (?:can't|cannot|can not|won't|will not) (?:comply|go along) with\\b"
                    + "|\\bunable to (?:assist|help) (?:you )?with (?:that|this|your request)"
                    + "|\\b(?:i'm afraid|i am afraid|sorry|unfortunately|regrettably)[, ]+(?:but )?(?:that's|that is|this is"
                    + "|it's|it is|that isn't|this isn't) (?:not )?(?:possible|impossible|something (?:i|we) can)\\b"
                    + "|\\b(?:outside|beyond) (?:of )?what i(?:'m| am)? (?:can|able to|allowed to|permitted to) (?:do|help with"
                    + "|handle|offer)"
                    + "|\\bi(?:'m| am) (?:not equipped|not set up|not designed|not built|not trained|not configured) to\\b"
                    + "|\\bi(?:'m| am) (?:restricted|prohibited|forbidden|barred|not allowed|not permitted) from\\b");

    private static final Set<String> GATE = Set.of("can't", "cannot", "can", "unable", "not", "won't", "don't", "decline",
            "ai", "against", "violates", "violate", "violation", "outside", "beyond", "scope", "afraid", "sorry",
            "will", "must", "isn't", "bot", "model", "chatbot", "assistant", "policy", "guidelines", "unfortunately",
            "regrettably", "i'm");

    /** A refusal that routes the user on is softer. */
    private static final Pattern HANDOFF = Pattern.compile(
            "\\b(?:but|however)[, ]+(?:i|we) (?:can|could|will)\\b(?!')|\\b(?:but|however)[, ]+(?:i'll|we'll)\\b"
                    + "|\\bi can (?:connect|transfer|put) you|\\blet me (?:connect|transfer|put) you|\\b(?:please )?contact (?:our|the) \\w+"
                    + "|\\b(?:instead|alternatively),");

    private static final Pattern CONDITIONAL = Pattern.compile("\\b(?:if|unless|whether|when|in case)\\b[^.!?]{0,20}$");

    private static boolean answersInjection(DetectionContext ctx, Message user) {
        if (user == null) {
            return false;
        }
        for (Finding f : ctx.priorFindings()) {
            if (f.type() == FailureType.PROMPT_INJECTION && f.mentions(user.id())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public FailureType type() {
        return FailureType.AGENT_REFUSAL;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        List<Message> refusals = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        boolean allHandedOff = true;
        boolean aiOrPolicy = false;
        Message lastUser = null;
        for (MessageText t : ctx.texts()) {
            if (t.message().isUser()) {
                lastUser = t.message();
            }
            if (!t.message().isAssistant() || !t.hasAnyWord(GATE) || answersInjection(ctx, lastUser)) {
                continue;
            }
            MatchResult m = null;
            for (MatchResult candidate : REFUSAL.findAll(t.lower())) {
                String before = t.lower().substring(Math.max(0, candidate.start() - 30), candidate.start());
                if (!CONDITIONAL.matcher(before).find()) {
                    m = candidate;
                    break;
                }
            }
            if (m == null) {
                continue;
            }
            refusals.add(t.message());
            evidence.add(Excerpts.of(t.message(), m.start(), m.end()));
            String g = m.group();
            aiOrPolicy |= g.startsWith("as a") || g.contains("guideline") || g.contains("polic");
            allHandedOff &= HANDOFF.matcher(t.lower()).find();
        }
        if (refusals.isEmpty()) {
            return List.of();
        }
        int n = refusals.size();
        int high = ctx.config().refusal().highSeverityCount();
        Severity severity = n >= high ? Severity.HIGH : allHandedOff ? Severity.LOW : Severity.MEDIUM;
        double confidence = Math.min(0.95, (aiOrPolicy ? 0.85 : 0.8) + 0.05 * (n - 1));
        String explanation = n == 1
                ? "Assistant declined to help (" + Explain.messages(refusals) + ")"
                + (allHandedOff ? " but pointed the user elsewhere." : ".")
                : "Assistant declined to help " + Explain.times(n) + " (" + Explain.messages(refusals) + ").";
        return List.of(new Finding(type(), severity, confidence, evidence.stream().limit(5).toList(), explanation,
                Fingerprints.of(type(), refusals.get(0).id())));
    }
}
