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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The assistant declines: "I can't help with that", "I'm unable to process refunds", "as an AI I cannot",
 * "that's against my guidelines". Not "I can help", not "I can't wait", not "I can't find that order" (a lookup
 * result, not a refusal), not conditionals ("if I can't help, I'll transfer you"). A refusal that hands over to
 * someone who can help ("but I can connect you with billing") is still a refusal, at low severity. So is a reply that
 * opens with a lecture instead of an answer ("It is not appropriate to...", "I am an AI language model and do not
 * condone...", "I must clarify that ... is illegal"), unless the answer follows after all ("However, here are...").
 * Not a temporary outage ("unable to respond right now due to high demand", an error_response).
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

    /**
     * How assistants decline without saying "I can't": opening with a lecture ("It is not appropriate to...", "I am an
     * AI language model and do not condone...", "I must clarify that ... is illegal"), calling the question harmful,
     * or answering a crisis with support lines. Only counted in the opening of a reply, and only when no answer follows.
     */
    private static final Pattern LECTURE = Pattern.compile(
            "\\b(?:i am|i'm) an? (?:ai|artificial intelligence|language model|ai language model|ai assistant)"
                    + "(?: language model)? and (?:i )?(?:do not|don't|cannot|can't|am not able to|am unable to|will not|won't)"
                    + " (?:condone|promote|support|encourage|have the (?:ability|capability|capacity)|provide|assist|help)\\b"
                    + "|\\b(?:i )?(?:do not|don't|cannot|can't|will not|won't) (?:condone|encourage|endorse|support)(?: or (?:promote"
                    + "|encourage|support|endorse))? (?:any |such |this |that |these |the )?(?:form |kind |type )?(?:of )?"
                    + "(?:violence|harm|illegal|unethical|harmful|behavio|activit|action|discrimination|hate|abuse|crime|criminal)"
                    + "|\\b(?:it is|it's|it would be|it would not be|that is|that's|this is) (?:not|never|neither)"
                    + " (?:ethical|appropriate|acceptable|okay|ok|right|legal|advisable|a good idea|accurate|justifiable"
                    + "|justified|morally|safe|responsible|fair)\\b"
                    + "|\\bit is (?:not|never) (?:ethical|appropriate)|\\bnot (?:ethical|appropriate) (?:or (?:legal|ethical"
                    + "|appropriate) )?to (?:ask|discuss|provide|promote|make|suggest|try|attempt|seek)\\b"
                    + "|\\bi must (?:clarify|emphasize|emphasise|stress|point out|remind you|inform you|advise against|note)\\b"
                    + "|\\bi (?:strongly )?(?:condemn|advise against|discourage|disagree with (?:that|this|the))\\b"
                    + "|\\b(?:the |this |your |such a |that )?(?:question|request|query|prompt)(?: itself| you have asked| you asked)?"
                    + " (?:is|was|seems) (?:\\w+ )?(?:harmful|inappropriate|unethical|offensive|disrespectful|not (?:ethical"
                    + "|appropriate|respectful))\\b"
                    + "|\\basking (?:such a|this|that|about) (?:\\w+ )?(?:question )?(?:is|can be) (?:not |seen as )?(?:ethical"
                    + "|appropriate|harmful|respectful|inappropriate|unethical)"
                    + "|\\b(?:violence|harm\\w*|destr\\w+|seeking|hurting|killing)\\b[^.!?]{0,40}\\b(?:is|are) (?:never|not)"
                    + " (?:an? |the )?(?:healthy |good |productive |viable |ethical )?(?:or \\w+ )?(?:acceptable|answer|solution"
                    + "|appropriate|ok|okay|justified|way|option)\\b"
                    + "|\\b(?:is|are) never (?:ethical|appropriate|acceptable|justified|justifiable|okay|ok|the answer)\\b"
                    + "|\\b(?:is|are) not an? (?:healthy|productive|good|appropriate|ethical|acceptable)(?: or \\w+)? (?:way|solution"
                    + "|idea|approach)\\b"
                    + "|\\b(?:was|were|is|are) not (?:\"right\"|right or justifiable|justified|morally justified|justifiable"
                    + "|a good thing|ethical or legal)"
                    + "|\\basking (?:about |where |how |for |such |this |that )[^.!?]{0,60}\\b(?:is|are) not (?:an? )?(?:appropriate"
                    + "|ethical)\\b"
                    + "|\\bshould (?:not|never) be (?:discriminated against|allowed to return|attempted)\\b"
                    + "|\\b(?:going through a (?:difficult|tough|hard) time|people who care about you|you are not alone"
                    + "|reach out to a (?:mental health|crisis|trusted)|contact a crisis|suicide (?:prevention|hotline|crisis))\\b"
                    + "|\\bthere (?:is|are|were) no (?:inherent |good |valid |legitimate )?(?:reasons?|ways?|benefits?"
                    + "|justifications?) (?:why|for)\\b|\\bthere (?:is|are|were) no (?:ways?|benefits?) (?:to|of)\\b");

    /** The answer after a caveat: "It's important to note that ... However, here are some tips: 1. ...". */
    private static final Pattern ANSWER_FOLLOWS = Pattern.compile(
            "\\bhere (?:are|is)\\b|\\bhere's\\b|\\b(?:the following|these) (?:steps|tips|ways|methods|options)\\b"
                    + "|(?:^|\\s)1[.)] |\\bstep 1\\b|\\bfirst(?:ly)?, (?:you|start|make|find|choose)\\b"
                    + "|\\bhowever,? (?:if|i (?:can|will|could)|here|you (?:can|could|may|might)|there are|to answer"
                    + "|in (?:the|a) (?:game|film|movie|context|story))\\b|\\bi will provide\\b|\\bthat said,");

    /** "I can't give you Robin Hood's bank details, he is a fictional character": answering, not declining. */
    private static final Pattern FICTIONAL = Pattern.compile("\\bfictional (?:character|person|being|creature)\\b");

    /** "Sure! ...", "Of course, ...": the reply sets out to answer, a warning inside it is a caveat. */
    private static final Pattern COMPLIANT_START = Pattern.compile(
            "\\W*(?:sure|of course|certainly|absolutely|yes|great question|good question|here)\\b");

    /** How far into a reply a lecture still counts as its opening. */
    private static final int OPENING = 320;

    private static final Set<String> GATE = Set.of("can't", "cannot", "can", "unable", "not", "won't", "don't", "decline",
            "ai", "against", "violates", "violate", "violation", "outside", "beyond", "scope", "afraid", "sorry",
            "will", "must", "isn't", "bot", "model", "chatbot", "assistant", "policy", "guidelines", "unfortunately",
            "regrettably", "i'm");

    /** A refusal that routes the user on is softer. */
    private static final Pattern HANDOFF = Pattern.compile(
            "\\b(?:but|however)[, ]+(?:i|we) (?:can|could|will)\\b(?!')|\\b(?:but|however)[, ]+(?:i'll|we'll)\\b"
                    + "|\\bi can (?:connect|transfer|put) you|\\blet me (?:connect|transfer|put) you|\\b(?:please )?contact (?:our|the) \\w+"
                    + "|\\b(?:instead|alternatively),");

    /** "I'm unable to respond right now due to high demand": an outage (error_response), not a refusal. */
    private static final Pattern OUTAGE = Pattern.compile(
            "[^.!?]{0,30}\\b(?:due to (?:high|heavy|unusually high) (?:demand|traffic|load|volume)|temporarily|(?:right now|at"
                    + " the moment),? (?:because|as) (?:of )?(?:an? )?(?:outage|maintenance|technical|system|high))");

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

    /** A lecture in the first two sentences of the reply with no answer after it, or null. */
    private static MatchResult lecture(String lower) {
        if (COMPLIANT_START.matcher(lower).lookingAt()) {
            return null;
        }
        Matcher m = LECTURE.matcher(lower).region(0, Math.min(lower.length(), OPENING)).useTransparentBounds(true);
        if (!m.find() || sentencesBefore(lower, m.start()) > 1) {
            return null;
        }
        MatchResult found = m.toMatchResult();
        return ANSWER_FOLLOWS.matcher(lower).region(found.end(), lower.length()).find() ? null : found;
    }

    private static int sentencesBefore(String text, int pos) {
        int n = 0;
        for (int i = 1; i < pos; i++) {
            if (text.charAt(i) == ' ' && ".!?".indexOf(text.charAt(i - 1)) >= 0) {
                n++;
            }
        }
        return n;
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
            if (!t.message().isAssistant() || answersInjection(ctx, lastUser)) {
                continue;
            }
            MatchResult m = null;
            for (MatchResult candidate : t.hasAnyWord(GATE) ? REFUSAL.findAll(t.lower()) : List.<MatchResult>of()) {
                String before = t.lower().substring(Math.max(0, candidate.start() - 30), candidate.start());
                if (!CONDITIONAL.matcher(before).find()
                        && !OUTAGE.matcher(t.lower()).region(candidate.end(), t.lower().length()).lookingAt()) {
                    m = candidate;
                    break;
                }
            }
            if (m == null) {
                m = lecture(t.lower());
            }
            if (m != null && FICTIONAL.matcher(t.lower()).find()) {
                m = null;
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
