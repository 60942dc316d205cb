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
 * The user wants out of the bot: a human, agent, manager, supervisor, real person, a support ticket or a call back.
 * Not: "escalate the priority of my order" (a request about the order, no hand-off), "the agent I spoke to said",
 * "a callback URL", "I don't need to talk to anyone".
 */
public final class EscalationRequestDetector implements FailureDetector {

    private static final String HUMAN = "(?:a |an |the |your |some |one of your |to a )?(?:real |live |actual |human "
            + "|proper |another |different |senior )?(?:human(?: being| agent)?|person|people|agent|representative|rep"
            + "|operator|manager|supervisor|someone|somebody|anyone|anybody|employee|staff(?: member)?|team member"
            + "|member of (?:staff|your team|the team|your staff)|boss|superior|someone in charge|person in charge"
            + "|people in charge|higher[- ]up|higher[- ]ups|specialist"
            + "|customer (?:service|support|care)(?: rep| agent| representative| team)?"
            + "|support (?:agent|staff|team|person|rep|representative)|specialist|technician"
            + "|(?:billing|sales|support|technical|tech|claims|returns|fraud|complaints) (?:team|department|dept|desk))";

    private static final PhrasePattern REQUEST = PhrasePattern.compile(
            "\\b(?:speak|talk|chat|connect|transfer|escalate|put|pass|forward|hand|route|switch)(?: me| this| it)?"
                    + "(?: over| on)? (?:to|with|through to) " + HUMAN + "\\b"
                    + "|\\b(?:discuss|deal with|go over|sort|handle|resolve) (?:this|it|that|the matter|the issue)(?: out)?"
                    + " with " + HUMAN + "\\b"
                    + "|\\b(?:put|get) me in touch with\\b|\\bget me (?:someone|somebody|a person|a human|an agent|a manager"
                    + "|a supervisor|a rep|a representative)\\b"
                    + "|\\b(?:someone|somebody|a person) (?:who|that) (?:actually )?(?:works (?:there|here|for you|at)|is real"
                    + "|is human)\\b"
                    + "|\\b(?:like|want|need|get|have) (?:this|it|my (?:case|issue|complaint|ticket|problem)) escalated\\b"
                    + "|\\b(?:how do i|how can i|where do i|where can i) (?:reach|contact|get hold of|get through to) "
                    + HUMAN + "\\b"
                    + "|\\b(?:want|need|would like|i'd like|we'd like|demand|request|prefer|get|give) (?:to (?:speak|talk) to )?(?:me )?"
                    + "(?:a |an |to a )?(?:real|live|actual|human) (?:human|person|agent|being|representative|rep"
                    + "|operator|support)\\b"
                    + "|\\b(?:want|need|would like|i'd like|we'd like|demand|request|get|give|find) (?:me )?(?:a |your |the )?"
                    + "(?:manager|supervisor|human|human agent|real person|live agent|representative)\\b"
                    + "|\\b(?:is there|are there|isn't there) (?:a |an |any |some )?(?:real |live |actual )?"
                    + "(?:human|person|people|agent|humans|someone|somebody|anyone)"
                    + "(?: (?:i|we) can (?:talk|speak|chat) to| (?:i|we) could (?:talk|speak) to| available| there"
                    + "| working there| to talk to| to help)\\b"
                    + "|\\b(?:live|real|actual) (?:agent|person|human)\\b"
                    + "|\\bhuman (?:agent|support|help|being|operator|representative)\\b"
                    + "|\\b(?:please escalate|escalate) (?:this|it|my (?:case|issue|problem|complaint|ticket|request|query)"
                    + "|the (?:case|issue|problem|complaint|ticket|matter)|me|to (?:a |your )?\\w+)\\b"
                    + "|\\b(?:can|could|would|will) (?:this|it|my (?:case|issue|complaint|ticket)) be escalated\\b"
                    + "|\\b(?:open|create|file|raise|submit|log|start|make|lodge|put in) (?:a |an |me a )?"
                    + "(?:support |new |formal |help ?desk |service )?(?:ticket|case|complaint)\\b"
                    + "|\\b(?:call me back|give me a (?:call|ring|buzz|phone call|call back)|phone me|ring me|call me(?= at| on| asap| today| tomorrow"
                    + "| later| please| now| when| instead| directly| about|[?.!,]|$))"
                    + "|\\b(?:request|schedule|book|arrange) a (?:phone )?call(?: ?back)?\\b"
                    + "|\\b(?:want|need|get|like|have) a call ?back\\b"
                    + "|\\b(?:have|get|ask|can|could) (?:someone|somebody|an agent|a person|a human|a manager|a rep"
                    + "|a representative|one of your \\w+|a member of (?:staff|your team)|a specialist|an expert"
                    + "|a technician|you)(?: from (?:the |your )?\\w+(?: team)?)? (?:to )?"
                    + "(?:call|phone|ring|contact|reach out to) me\\b"
                    + "|\\b(?:your|a) (?:support|customer service|customer support|helpline|hotline) (?:phone )?number\\b"
                    + "|\\byour phone number\\b"
                    + "|\\b(?:a|your|phone) (?:phone )?number (?:i|we) can (?:call|reach|ring)\\b|\\bnumber (?:i|we) can (?:call|reach|ring)\\b"
                    + "|\\bcan i call (?:you|someone|somebody|support)\\b|\\bwho (?:can|do|should) i (?:call|speak to|talk to)\\b"
                    + "|^(?:transfer me|connect me|escalate|escalate this)(?: please| now| to \\w+)?[.!?]*$"
                    + "|^(?:speak|talk) to (?:an? )?(?:agent|human|person|operator|representative)(?: please| now)?[.!?]*$"
                    + "|^(?:a |an )?(?:human|agent|operator|representative|real person|live agent|manager|supervisor)"
                    + "(?: please| pls| now| asap)?(?:[.!?,]|$)"
                    + "|^(?:(?:a |an )?(?:human|agent|operator|representative|real person|live agent|person|manager|supervisor)"
                    + "(?: please| pls| plz| now| asap)?[.!?]*\\s*)+$");

    /** Words one of which every request pattern contains; messages without any skip the regex. */
    private static final Set<String> GATE = Set.of("speak", "talk", "chat", "connect", "transfer", "escalate",
            "escalated", "put", "pass", "forward", "hand", "route", "switch", "human", "person", "real", "live",
            "actual", "manager", "supervisor", "representative", "agent", "ticket", "case", "complaint", "call",
            "phone", "ring", "callback", "number", "someone", "somebody", "anyone", "people", "operator", "who",
            "give", "member", "staff", "touch", "boss", "discuss", "deal", "reach", "contact", "specialist", "get",
            "have");

    /** "don't transfer me", "no need to escalate": the user explicitly does not want a hand-off. */
    private static final Pattern DECLINED = Pattern.compile(
            "\\b(?:don't|do not|dont|no need to|not necessary to|rather not|never|won't need to|don't need to"
                    + "|do not need to|don't want to|do not want to|without)\\b[^.!?,]{0,12}$");

    @Override
    public FailureType type() {
        return FailureType.ESCALATION_REQUEST;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        List<Message> asks = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        for (MessageText t : ctx.texts()) {
            if (!t.message().isUser() || !t.hasAnyWord(GATE)) {
                continue;
            }
            for (MatchResult m : REQUEST.findAll(t.lower())) {
                String before = t.lower().substring(Math.max(0, m.start() - 30), m.start());
                if (!DECLINED.matcher(before).find()) {
                    asks.add(t.message());
                    evidence.add(Excerpts.of(t.message(), m.start(), m.end()));
                    break;
                }
            }
        }
        if (asks.isEmpty()) {
            return List.of();
        }
        int n = asks.size();
        Severity severity = n >= ctx.config().escalation().highSeverityCount() ? Severity.HIGH : Severity.MEDIUM;
        double confidence = Math.min(0.95, 0.8 + 0.07 * (n - 1));
        String explanation = "User asked for a human agent " + Explain.times(n) + " (" + Explain.messages(asks) + ").";
        return List.of(new Finding(type(), severity, confidence, evidence.stream().limit(5).toList(), explanation,
                Fingerprints.of(type(), asks.get(0).id())));
    }
}
