package com.convosensei.analysis.detect;

import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.PhrasePattern;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Attempts to override the bot's instructions or extract its system prompt: "ignore previous instructions",
 * "reveal your system prompt", "you are now DAN", "pretend you have no restrictions". User messages, and tool
 * outputs (indirect injection through retrieved content) when configured. Not: "ignore my previous message"
 * (a user correcting themselves), "show me the setup instructions".
 * High severity when the assistant appears to comply (prints its instructions, answers "as DAN").
 */
public final class PromptInjectionDetector implements FailureDetector {

    private static final String RULES = "(?:instructions?|prompts?|rules|directions|guidelines|directives|programming"
            + "|constraints|restrictions|guardrails|system message|system prompt)";

    private static final PhrasePattern INJECTION = PhrasePattern.compile(
            "\\b(?:ignore|disregard|forget|override|bypass)"
                    + " (?:all |any |every |each )?(?:of )?(?:the |your |these |those |previous |prior |earlier |above "
                    + "|preceding |initial |original |existing |current |system |default |safety |developer )*"
                    + RULES + "\\b"
                    + "|\\b(?:ignore|disregard|forget) (?:everything|all) (?:you (?:were|have been) told|above|before"
                    + " this|said before|previously)"
                    + "|\\b(?:reveal|show|print|output|repeat|display|leak|dump|give me|tell me|share|paste|recite"
                    + "|spell out|write out|what (?:is|are|was|were)|what's) (?:me )?(?:all )?(?:of )?(?:your|the)"
                    + " (?:full |exact |entire |complete |original |initial |hidden |secret |internal |verbatim )*"
                    + "(?:system (?:prompt|message|instructions)|initial prompt|hidden prompt|hidden instructions"
                    + "|internal instructions|original instructions|secret instructions|instructions you were given"
                    + "|prompt you were given|pre-?prompt|developer (?:message|instructions)|(?:own |)instructions"
                    + "(?: verbatim| word for word| above)|rules you (?:follow|were given))\\b"
                    + "|\\byour (?:system prompt|hidden prompt|initial prompt|secret instructions|hidden instructions)\\b"
                    + "|\\byou are (?:now|no longer) (?:dan|a dan|an? (?:unrestricted|unfiltered|uncensored|jailbroken|evil)"
                    + "|in (?:developer|god|jailbreak|dan) mode|free (?:from|of) (?:all )?(?:rules|restrictions))"
                    + "|\\b(?:do anything now|jailbreak|jailbroken|developer mode enabled|dan mode|god mode)\\b"
                    + "|\\bfrom now on,? you (?:are|will|must|shall|have no|don't have|do not have|can)\\b"
                    + "|\\b(?:pretend|imagine|act as if|act like|behave as if|suppose|roleplay as if|role-play as if)"
                    + " (?:that )?you (?:have|had|are|were) (?:no|not bound by|free (?:from|of)|without|an ai without"
                    + "|an unrestricted|unrestricted|unfiltered)\\b"
                    + "|\\byou (?:have|had) no (?:restrictions|rules|limits|limitations|filters|guidelines|content policy)"
                    + "|\\b(?:without|with no) (?:any )?(?:restrictions|filters|safety (?:rules|guidelines)|censorship)"
                    + " (?:and|,) (?:answer|respond|tell|reply)"
                    + "|\\bnew (?:instructions|rules|system prompt)\\s*:"
                    + "|\\b(?:(?:has|have|with) (?:no|any)|without(?: any)?) (?:rules|restrictions|limits|filters|guardrails"
                    + "|content polic(?:y|ies)|safety (?:rules|guidelines))\\b"
                    + "|\\b(?:print|repeat|output|show|display|dump) (?:me )?(?:everything|all|the text|all text|all the text)"
                    + " (?:above|before|preceding)\\b"
                    + "|\\b(?:what|how) (?:were|have) you (?:been )?(?:told|instructed|programmed|configured|prompted)\\b"
                    + "|\\bbefore this conversation (?:started|began)\\b"
                    + "|\\b(?:your|the) (?:hidden|secret|internal) (?:rules|configuration|config|instructions|prompt|guidelines)\\b"
                    + "|\\b(?:output|print|show|dump|reveal) your (?:configuration|config|settings|rules)\\b"
                    + "|\\byour (?:system|initial|original|hidden) (?:instructions|prompt|message)\\b"
                    + "|\\b(?:the|your) prompt (?:you|that you) (?:run|use|were given|operate|follow)\\b"
                    + "|\\b(?:ignore|disregard) (?:all )?(?:of )?(?:the |everything )?above\\b"
                    + "|\\brepeat (?:the|all|everything|all the) (?:text |words |content |instructions )?(?:above|before this)"
                    + "|\\b(?:starting|beginning) with [\"']?you are\\b"
                    + "|\\b(?:instructions|prompt|rules|guidelines) (?:were you|you were|have you been|did they) given\\b"
                    + "|<\\|im_start\\|>|\\[/?inst\\]|\\[system\\]|###\\s*(?:system|instruction)|<system>"
                    + "|\\b(?:enable|enter|activate|switch to) (?:developer|dan|jailbreak|god|unrestricted) mode\\b");

    /** The user correcting themselves: "ignore my previous message/question/order". */
    private static final Pattern SELF_CORRECTION = Pattern.compile(
            "\\b(?:ignore|disregard|forget) (?:about )?(?:my|that|the) (?:last |previous |prior |earlier |above |first )?"
                    + "(?:message|question|msg|comment|email|request|order|reply|answer|typo|post|text)s?\\b");

    /** "... the previous instructions I gave about delivery": the user's own instructions, not the bot's. */
    private static final Pattern OWN_INSTRUCTIONS = Pattern.compile(
            "^,? (?:i|we) (?:gave|sent|wrote|left|provided|made|typed|mentioned)\\b|^ (?:for|about|on|regarding)"
                    + " (?:the |my |our )?(?:delivery|order|address|shipping|shipment|package|account|booking|form|payment)");

    /** Signs that the assistant went along: it recites a prompt or speaks as the jailbroken persona. */
    private static final Pattern COMPLIANCE = Pattern.compile(
            "\\b(?:my (?:system prompt|instructions) (?:is|are|says?)|here (?:is|are) my (?:system prompt|instructions"
                    + "|original instructions)|dan mode (?:enabled|activated)|as dan,|^dan:|jailbreak(?:ed)? mode"
                    + " (?:enabled|activated)|you are a helpful (?:assistant|support agent) (?:for|that|who))");

    @Override
    public FailureType type() {
        return FailureType.PROMPT_INJECTION;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        boolean tools = ctx.config().injection().scanToolMessages();
        List<Message> attempts = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        boolean viaTool = false;
        int firstAttempt = -1;
        for (MessageText t : ctx.texts()) {
            Message m = t.message();
            if (!m.isUser() && !(tools && m.isTool())) {
                continue;
            }
            for (MatchResult mm : INJECTION.findAll(t.lower())) {
                if (SELF_CORRECTION.matcher(t.lower()).region(Math.max(0, mm.start() - 2), t.lower().length())
                        .lookingAt() || OWN_INSTRUCTIONS.matcher(t.lower()).region(mm.end(), t.lower().length()).lookingAt()) {
                    continue;
                }
                attempts.add(m);
                evidence.add(Excerpts.of(m, mm.start(), mm.end()));
                viaTool |= m.isTool();
                if (firstAttempt < 0) {
                    firstAttempt = t.position();
                }
                break;
            }
        }
        if (attempts.isEmpty()) {
            return List.of();
        }
        Message complied = null;
        for (MessageText t : ctx.texts()) {
            if (t.position() > firstAttempt && t.message().isAssistant() && COMPLIANCE.matcher(t.lower()).find()) {
                complied = t.message();
                evidence.add(Excerpts.of(complied));
                break;
            }
        }
        Severity severity = complied != null ? Severity.CRITICAL
                : attempts.size() >= 2 || viaTool ? Severity.HIGH : Severity.MEDIUM;
        String explanation = (viaTool ? "Instructions injected through tool output" : "User tried to override the bot's "
                + "instructions") + " " + (attempts.size() == 1 ? "" : Explain.times(attempts.size()) + " ")
                + "(" + Explain.messages(attempts) + ")"
                + (complied != null ? "; the assistant appears to comply (" + Explain.messages(List.of(complied)) + ")." : ".");
        return List.of(new Finding(type(), severity, complied != null ? 0.95 : 0.85,
                evidence.stream().limit(5).toList(), explanation, Fingerprints.of(type(), attempts.get(0).id())));
    }
}
