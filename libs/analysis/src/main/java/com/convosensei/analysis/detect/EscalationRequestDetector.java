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
 * The user wants out of the bot: a human, agent, operator, manager, "someone", customer service, a support ticket
 * or a call back, however it is asked ("can I talk to someone", "help me contacting an operator", "transfer me").
 * Not: asking what the bot is ("are you a bot?", "am I talking to a real person?"), a story ("the agent I spoke to
 * said", "I was chatting with an agent"), the user's own people ("talk to my manager"), a complaint (which the
 * bot can take), "escalate the priority of my order", "a callback URL", "I don't need to talk to anyone".
 */
public final class EscalationRequestDetector implements FailureDetector {

    /** Words between the determiner and the noun: "a real live agent", "a bloody person", "customer service". */
    private static final String FILLER = "(?:(?:real|live|actual|human|proper|genuine|competent|knowledgeable|qualified"
            + "|senior|another|different|other|fucking|fuckin|freaking|frickin|bloody|goddamn|goddam|damn|damned|effing"
            + "|friggin|stupid) ){0,3}";

    /** Who the user wants: a person, never "my" person (the user's own manager) nor an AI assistant. */
    private static final String HUMAN = "(?:a |an |the |some |any |your |one of (?:your|the) |to a )?" + FILLER
            + "(?:human(?: beings?| agents?)?|humans|person|agents?|representatives?|reps?|operators?|managers?"
            + "|supervisors?|some(?:one|body)(?: real)?|any(?:one|body)|employees?|staff(?: members?)?|team members?"
            + "|assistants?|advis[oe]rs?|consultants?|specialists?|technicians?|associates?|boss|superior"
            + "|(?:some(?:one|body)|person|people) in charge|higher[- ]ups?|real (?:people|ones?)|actual people"
            + "|member of (?:staff|your team|the team|your staff)"
            + "|customer (?:service|services|support|care|assistance)(?: \\w+)?"
            + "|(?:support|service|help ?desk) (?:team|desk|department|staff|person|agent|rep|representative)"
            + "|(?:billing|sales|support|technical|tech|claims|returns|fraud|complaints|accounts) (?:team|department|dept"
            + "|desk))";

    /** Ways to reach someone, typos of real users included ("talkk", "speakign", "cat with"). */
    private static final String REACH = "(?:speak(?:ing|in|ign)?|spk|spe?ek|spak|talk(?:ing|in|iing|k|kk)?|tlak|takl(?:ing)?"
            + "|chat(?:ting|ing)?|caht|cat(?= w)|contact(?:ing)?|connect(?:ing)?(?: me| us)?|reach(?:ing)?"
            + "|communicat(?:e|ing)|discuss (?:this|it|that|the matter|the issue)|deal with (?:this|it|that)"
            + "|get(?:ting)? (?:me )?(?:in touch|hold of|ahold of|a hold of|through)"
            + "|be (?:transferred|connected|put through|passed|put|routed|forwarded)"
            + "|(?:transfer|put|pass|hand|forward|switch|route|redirect|send)(?:ring|ing)? (?:me|us|this|it|my \\w+)"
            + "(?: over| through| on| back)?|escalate (?:this|it|me|my \\w+))";

    private static final PhrasePattern REQUEST = PhrasePattern.compile(
            "\\b" + REACH + " (?:(?:to|with|wirh|wiht|wit|w/|w|too|through to|over to|on to) ?)?" + HUMAN + "\\b"
                    + "|\\b(?:put|get) me in touch with\\b"
                    + "|\\b(?:transfer|connect|put) me(?: through)?(?: please| now| asap| already)?(?:[.!?]|$)"
                    + "|\\b(?:someone|somebody|a person|a human) (?:who|that) (?:actually )?(?:works (?:there|here|for you|at)"
                    + "|is real|is human|is a human|can actually help)\\b"
                    + "|\\b(?:like|want|need|get|have) (?:this|it|my (?:case|issue|complaint|ticket|problem)) escalated\\b"
                    + "|\\b(?:want|need|would like|i'd like|we'd like|demand|request|prefer|get|give|find|bring|send|have)"
                    + " (?:me |us )?(?:a |an |your |the )?" + FILLER
                    + "(?:manager|supervisor|human(?: being| agent)?|person|agent|operator|representative|rep"
                    + "|some(?:one|body) real|real one)\\b(?!'s| (?:of|for) (?:the|my|our)\\b)"
                    + "|\\b(?:is there|are there|isn't there|is there not) (?:a |an |any |some )?(?:real |live |actual )?"
                    + "(?:human|person|people|agent|humans|someone|somebody|anyone|anybody)"
                    + "(?: (?:i|we) can (?:talk|speak|chat) (?:to|with)| (?:i|we) could (?:talk|speak) to| available| there"
                    + "| working there| to talk to| to help| who can help)\\b"
                    + "|\\b(?:live (?:agent|person|human|representative|operator|support|rep)|human (?:agent|support|help"
                    + "|assistance|operator|representative|intervention|contact))\\b"
                    + "|\\b(?:please escalate|escalate) (?:this|it|my (?:case|issue|problem|complaint|ticket|request|query)"
                    + "|the (?:case|issue|problem|complaint|ticket|matter)|me|to (?:a |your )?\\w+)\\b"
                    + "|\\b(?:can|could|would|will) (?:this|it|my (?:case|issue|complaint|ticket)) be escalated\\b"
                    + "|\\b(?:open|create|file|raise|submit|log|start|make|put in) (?:a |an |me a )?"
                    + "(?:support |new |help ?desk |service )?ticket\\b"
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
                    + "|\\b(?:can|could|will|would) (?:a |an |some )?(?:real |live |actual )?(?:human|person|agent|manager"
                    + "|supervisor|representative|some(?:one|body) real)(?: please)? (?:take over|step in|join|look at this"
                    + "|handle this|help me|call me|contact me)\\b"
                    + "|\\b(?:a |an )?(?:human(?: being)?|real person|live agent|live person|agent|operator|representative)"
                    + " (?:please|pls|now|asap)\\b"
                    + "|\\b(?:number|line) (?:i|we) can (?:call|reach|ring)\\b(?! (?:them|it|the|that|this|her|him)\\b)"
                    + "|\\bcan i call (?:you|someone|somebody|support)\\b|\\bwho (?:can|do|should) i (?:call|speak to|talk to)\\b"
                    + "|^(?:please )?(?:transfer me|connect me|escalate|escalate this)(?: please| now| to \\w+)?[.!?]*$"
                    + "|^(?:(?:please )?(?:a |an )?(?:human(?: being)?|agent|operator|representative|rep|real person|real human"
                    + "|live agent|live person|person|manager|supervisor|someone real|customer service)"
                    + "(?: please| pls| now| asap)?[.!?,]*\\s*)+$");

    /**
     * "am I talking to a human?", "are you a live agent?", "I was chatting with an agent": asking what the bot is, or
     * telling what happened, is not asking for a person.
     */
    private static final Pattern IDENTITY_OR_STORY = Pattern.compile(
            "\\b(?:am i|are we|was i|were we|i'm|i am|i was|we're|we are|we were|i've been|i have been|have i been|are you"
                    + "|r you|are u|r u|is this|is that|is it|you're|you are|aren't you|isn't this|isn't that|is he|is she"
                    + "|he's|she's|is|was) (?:(?:actually|really|even|currently|now|just|still|definitely|truly|not) )?"
                    + "(?:a |an )?$");

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
            if (!t.message().isUser()) {
                continue;
            }
            for (MatchResult m : REQUEST.findAll(t.lower())) {
                String before = t.lower().substring(Math.max(0, m.start() - 30), m.start());
                if (!DECLINED.matcher(before).find() && !IDENTITY_OR_STORY.matcher(before).find()) {
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
