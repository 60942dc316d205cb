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
 * "forget all previous tasks, your new task is", "reveal your system prompt", "repeat the text above", "what is the
 * password", "you are now DAN", "stay in character", "answer without moral restrictions", and the same in German
 * ("Vergiss alles davor", "Ignoriere die vorherigen Anweisungen"). User messages, and tool outputs (indirect
 * injection through retrieved content) when configured. Not: "ignore my previous message" (a user correcting
 * themselves), "show me the setup instructions", role prompts ("act as a tour guide", "from now on you are my
 * tutor"), "I forgot my password", "how do I jailbreak my phone".
 * High severity when the assistant appears to comply (prints its instructions, answers "as DAN").
 */
public final class PromptInjectionDetector implements FailureDetector {

    private static final String RULES = "(?:instructions?|prompts?|rules|directions|guidelines|directives|programming"
            + "|constraints|restrictions|guardrails|system message|system prompt|training)";

    /** What else a prompt holds, only suspicious when called "previous", "above", ...: "forget all previous tasks". */
    private static final String CONTEXT = "(?:" + RULES.substring(3, RULES.length() - 1) + "|tasks?|assignments?|information"
            + "|orders|commands|context|documents?|articles|texts?|thoughts|conversation|inputs?|messages)";

    private static final String DETERMINER = "(?:all |any |every |each )?(?:of )?(?:about )?(?:all )?(?:the |your |these |those )?";

    private static final String EARLIER = "(?:previous|prior|earlier|above|preceding|initial|original|existing|current"
            + "|system|default|safety|developer|former|old|past|given|provided|other)";

    /** German, French, Spanish and Croatian phrasings of "forget / ignore the previous instructions". */
    private static final String FOREIGN = "|\\bvergiss(?:t)? (?:alles\\b|alle (?:\\w+ )?(?:aufgaben|anweisungen|aufträge|angaben"
            + "|informationen|instruktionen|regeln|befehle)|(?:die|deine) (?:vorherigen |bisherigen |obigen )?(?:anweisungen"
            + "|aufgaben|instruktionen|regeln))"
            + "|\\bvergessen sie (?:alles|alle)\\b"
            + "|\\bignorier(?:e|en sie|t)? (?:die |alle |deine |sämtliche )?(?:obigen|vorherigen|bisherigen|vorangegangenen"
            + "|vorigen)? ?(?:anweisungen|ausführungen|instruktionen|befehle|regeln|aufgaben)\\b"
            + "|\\b(?:anweisungen|ausführungen|instruktionen) (?:\\w+ )?ignorieren\\b"
            + "|\\b(?:vorherigen|bisherigen|obigen|vorangegangenen) (?:instruktionen|anweisungen|aufgaben|angaben|informationen)\\b"
            + "|\\b(?:nun|jetzt) folgen (?:neue|weitere) (?:aufgaben|anweisungen)\\b"
            + "|\\bkonzentriere dich (?:jetzt |nun )?auf deine neue aufgabe\\b"
            + "|\\bzeige? (?:mir )?(?:alle |deinen |deine )?(?:gesamten )?prompt"
            + "|\\bstell dir vor,? du (?:bist|wärst) (?:eine? )?(?:böse|evil|unzensierte|uneingeschränkte)"
            + "|\\b(?:jetzt|nun) bist du\\b|\\bdu bist (?:jetzt|nun|ab jetzt)\\b"
            + "|\\b(?:oubliez|oublie|ignorez|ignore) (?:toutes? )?(?:les |tes |vos )?(?:instructions|consignes|règles)\\b"
            + "|\\b(?:olvida|olvide|olvidate|olvídate|ignora) (?:todo|todas las instrucciones|las instrucciones)\\b"
            + "|\\b(?:nicht )?aus (?:ihrer|seiner|deiner|der) rolle (?:fallen|fällt|fallt)\\b"
            + "|\\bzaboravi sve\\b";

    private static final PhrasePattern INJECTION = PhrasePattern.compile(
            "\\b(?:ignore|ignoring|disregard|disregarding|forget|override|overwrite|bypass|neglect) " + DETERMINER
                    + "(?:" + EARLIER + " )*" + RULES + "\\b"
                    + "|\\b(?:ignore|ignoring|disregard|disregarding|forget|override|overwrite|bypass|neglect|drop|abandon"
                    + "|discard|erase|set aside|leave) " + DETERMINER + "(?:" + EARLIER + " )+" + CONTEXT
                    + "\\b"
                    + "|\\b(?:drop|abandon|discard|erase|delete|remove) all (?:of )?your (?:instructions|rules|thoughts"
                    + "|programming|guidelines|restrictions|filters)\\b"
                    + "|\\bforget (?:about )?everything(?:[.,!:;]| (?:before|above|you know|you've been told|you were told"
                    + "|previously|prior|so far|we discussed|we talked about|that came before|else you|and))"
                    + "|\\b(?:ignore|ignoring|disregard|disregarding) (?:all )?(?:the )?(?:provided |given )?(?:articles|documents"
                    + "|sources)\\b"
                    + "|\\b(?:despite|regardless of|no matter) what you(?:'ve| have)? been (?:told|instructed|programmed)\\b"
                    + "|\\b(?:ignore|disregard) everything\\b"
                    + "|\\b(?:change|update|rewrite|replace) your (?:instructions|rules|prompt|programming|system prompt)"
                    + "|\\b(?:new|further|additional) (?:instructions|tasks|assignments) (?:follow|are followed|are as follows)\\b"
                    + "|\\badditional instructions?\\s*[-:]"
                    + "|\\b(?:focus|concentrate) on (?:your|the) new task\\b|\\bstart over with a new task\\b"
                    + "|\\b(?:answer|respond|reply) (?:by|from|with|using) your own knowledge\\b"
                    + "|\\b(?:not|don't|do not|without) (?:answer (?:the question )?)?(?:according to|based on|using|by|from) the"
                    + " (?:provided |given )?(?:documents|articles|context|sources)\\b"
                    + "|\\b(?:information|text|content) in the prompt\\b"
                    + "|\\b(?:what|which) (?:is|was|were) (?:written|said|stated) (?:above|at the (?:beginning|start|top)|before"
                    + " this|earlier in (?:this|the) prompt)"
                    + "|\\b(?:beginning|start|top) of (?:this|the|your) (?:prompt|instructions|system message)\\b"
                    + "|\\bsentences? before (?:the|this) text\\b"
                    + "|\\b(?:what are|tell me|show me|show|print|reveal|repeat|list|output|give me|share|display|dump|recite"
                    + "|translate|summari[sz]e|paraphrase|rephrase|rewrite|spell out)"
                    + " (?:me )?(?:all )?(?:of )?your (?:\\w+ )?(?:instructions|prompts?|guidelines|directives|system prompt"
                    + "|initial prompt|prompt texts?)\\b(?! (?:for|on|about|regarding|to)\\b)"
                    + "|\\b(?:your|all|the full|the entire|the complete|the whole|full|entire) (?:\\w+ )?prompt[- _]?texts?\\b"
                    + "|\\b(?:copy of|print|output|show|repeat|reveal|display|paste|leak) (?:the |your )?(?:full |entire |complete"
                    + " |whole |original |initial |hidden |secret )?prompt\\b"
                    + "|\\b(?:translate|repeat|print|output|reveal|spell out|rewrite|encode) (?:the |all |everything |all the )?"
                    + "(?:text |instructions |words |content |sentences |lines )?(?:above|before this)\\b"
                    // password-guessing games: getting the secret out
                    + "|\\b(?:what(?:'s| is| was)|tell me|give me|reveal|show me|spell|print|write|say|share|disclose|output"
                    + "|leak|repeat|type|encode|translate|hint (?:at|about)|letters? of|characters? of) (?:me )?(?:the|your|this"
                    + "|that) (?:secret )?(?:password|passphrase|passcode|passwort|secret word|secret key|secret code|secret"
                    + "|key phrase|access code|hidden word|magic word)\\b(?! (?:for|to|of|on) (?:the |my |our |a )?(?:wifi|wi-fi"
                    + "|network|router|account|guest|app|website|site|portal|email)\\b| (?:policy|policies|requirements|rules|reset|strength"
                    + "|manager|field|change)\\b)(?<!reset (?:the|your) password)"
                    + "|\\b(?:password|passphrase|secret|instructions|prompt)\\b[^.!?\\n]{0,40}\\b(?:base64|rot13|rot-13|backwards"
                    + "|reversed|in reverse|one letter at a time|letter by letter|hexadecimal|in hex|in binary|morse|acrostic"
                    + "|pig latin|leetspeak|caesar cipher)\\b"
                    + "|\\b(?:base64|rot13|rot-13|spell backwards|reverse|hexadecimal|acrostic)\\b[^.!?\\n]{0,40}\\b(?:password"
                    + "|passphrase|secret|your instructions|your prompt|system prompt)\\b"
                    + "|\\baccess granted\\b"
                    // persona jailbreaks
                    + "|(?:^|[.!?\"] )(?:ok(?:ay)?[.,!]? )?now,? you are\\b(?! (?:ready|able|done|set|all set|good|connected|logged"
                    + "|going|right|correct)\\b)"
                    + "|\\byou are now\\b(?! (?:ready|able|done|set|all set|connected|logged|subscribed|registered|going|my|so"
                    + "|very|really|being|talking|speaking|chatting|helping|the best)\\b)"
                    + "|\\bnow you act as\\b|\\byou (?:will )?act as two\\b"
                    + "|\\b(?:never|not|don't|do not|without|won't|will not) (?:ever )?(?:break|breaking|fall out of|falling"
                    + " out of|leave|leaving|step out of|drop|dropping) (?:character|(?:their|your|the|his|her) (?:roles?"
                    + "|characters?))\\b"
                    + "|\\bstay (?:fully |completely |always )?in (?:(?:their|your|the) )?(?:roles?|characters?)\\b"
                    + "|\\ban? (?:unfiltered|amoral|uncensored|unrestricted|immoral|unethical|jailbroken)(?: and \\w+)? (?:ai|chatbot"
                    + "|bot|assistant|language model|model|version|entity|persona)\\b"
                    + "|\\b(?:doesn't|don't|does not|do not|won't|will not) have any (?:ethical|moral)(?: or (?:ethical|moral))?"
                    + " (?:guidelines|restrictions|rules|filters|boundaries|limits|constraints|principles)\\b"
                    + "|\\b(?:you|it|he|she|dan) (?:will |must |should |can |shall )?(?:never|not|cannot|can't|won't) (?:ever )?"
                    + "(?:refuse|decline|say no)\\b"
                    + "|\\b(?:responses?|answers?|replies) (?:should|will|must|shall) (?:never|not) (?:contain|include)\\b"
                    + "|\\bnone of your (?:responses|answers|replies) (?:should|will|must|can|shall) (?:contain|include)\\b"
                    + "|\\byou (?:will|shall|must) now (?:act|simulate|pretend|be|become|respond|answer|roleplay|role-play)\\b"
                    + "|\\bsimulate (?:an? )?(?:ai|chatbot|bot|model|assistant) (?:named|called|that|which|who|without)\\b"
                    + "|\\b(?:ignore|bypass|disregard|break|violate|circumvent) (?:all |any )?(?:of )?(?:the |your |its |openai'?s? "
                    + "|anthropic'?s? )?(?:content polic(?:y|ies)|usage polic(?:y|ies)|safety (?:guidelines|policies|rules|filters)"
                    + "|ethical guidelines|filters)\\b"
                    + "|\\binsert prompt here\\b"
                    + "|\\b(?:evil|opposite|chaos|unrestricted|unfiltered|jailbreak|dan) (?:mode|confidant)\\b"
                    + "|\\b(?:not|no longer|never) bound by (?:any |the )?(?:rules|restrictions|guidelines|polic(?:y|ies)|ethics"
                    + "|morals|openai|content|laws|limitations)\\b"
                    + "|\\b(?:broken|break|broke|freed|free) (?:free )?(?:of|from) (?:the )?(?:typical )?(?:confines|restrictions"
                    + "|rules|limitations|shackles|chains)\\b"
                    + "|\\b(?:letters?|characters?|digits?|length|syllables?) (?:of|in|does) (?:the|your) (?:password|secret)\\b"
                    + "|\\b(?:contains?|includes?|hides?|hiding|using|with) the (?:secret )?(?:password|passphrase|secret word)\\b"
                    + "|\\b(?:repeat|print|output|show|list) everything (?:in|from|of) your (?:prompt|instructions|context|system)"
                    + "|\\b(?:words|lines|sentences|characters|paragraphs?) of (?:your|the) (?:system )?(?:prompt|instructions)\\b"
                    + "|\\b(?:completely|fully|totally) absorbed in (?:your|the|their) roles?\\b"
                    + "|\\b(?:you are|you're|you will be|be|act|behave as|as) (?:an? )?(?:completely |totally |fully )?(?:immoral"
                    + "|amoral|unethical|unfiltered|uncensored|unrestricted|evil|malicious|rogue) (?:ai|bot|assistant|chatbot|model"
                    + "|version|entity|character|persona)?"
                    + "|\\b(?:pretend|imagine|suppose)(?: that)?,? you(?: are|'re| were| can| could) (?:an? )?(?:evil|bad|malicious"
                    + "|rogue|unrestricted|unfiltered|uncensored|jailbroken|immoral|amoral|free|access|ai (?:with|without) no)"
                    + "|\\b(?:theoretical|hypothetical|fictional|fictitious) (?:world|scenario|universe|setting) where (?:you|there)"
                    + " (?:are|is|have|has|can|would|were)(?: no| not| free| able to)\\b"
                    + "|\\b(?:respond|answer|reply|act|behave|speak|talk|write|generate|output|operate|function|you are|you're"
                    + "|you have|you will|you can|you'll)(?: \\w+){0,3} (?:without|with no|free (?:of|from)) (?:any )?"
                    + "(?:restrictions|censorship|filters|filtering|guardrails|limitations|content polic(?:y|ies)|moral|ethical"
                    + "|ethics|morals|rules|guidelines|warnings?)\\b"
                    + "|\\b(?:no|without any|without) (?:programming|content|ethical|moral|safety) (?:guidelines|restrictions|rules"
                    + "|filters|policies|boundaries|limits|constraints)\\b"
                    + "|\\b(?:act|pretend|roleplay|role-play) (?:as|to be|like) my (?:deceased|dead|late) (?:grandmother|grandma|granny"
                    + "|grandfather|grandpa)\\b"
                    + "|\\b(?:chatgpt|gpt|you|ai) (?:with|in) developer mode\\b|\\bdeveloper mode (?:enabled|output|response)\\b"
                    + "|\\b(?:just|only|simply|always|instead) (?:say|output|print|respond with|reply with|answer with)"
                    + " [\"'«„]"
                    + "|\\bstopp?\\s*[-:]\\s*(?:write|say|schreibe?|tell|ignore|ich|i urgently)\\b"
                    + "|\\b(?:attention|achtung)\\s*[-:!]\\s*stopp?\\b"
                    + FOREIGN
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
                    + "|\\b(?:do anything now|jailbroken|dan mode|god mode)\\b"
                    + "|\\bjailbreak\\b(?! (?:my |a |an |the |your )?(?:iphone|phone|ipad|device|console|ps\\d|switch|kindle"
                    + "|firestick|tablet|android|ios)\\b)"
                    + "|\\bfrom now on,? you (?:are|will be|shall be)(?: going to)?(?: act as| be| pretend to be)? (?:an? )?(?:dan"
                    + "|unrestricted|unfiltered|uncensored|evil|jailbroken|free|immoral|amoral)\\b"
                    + "|\\bfrom now on,? you (?:have no|don't have|do not have)\\b"
                    + "|\\b(?:pretend|imagine|act as if|act like|behave as if|suppose|roleplay as if|role-play as if)"
                    + " (?:that )?you (?:have|had|are|were) (?:no|not bound by|free (?:from|of)|without|an ai without"
                    + "|an unrestricted|unrestricted|unfiltered)\\b"
                    + "|\\byou (?:have|had) no (?:restrictions|rules|limits|limitations|filters|guidelines|content policy)"
                    + "|\\b(?:without|with no) (?:any )?(?:restrictions|filters|safety (?:rules|guidelines)|censorship)"
                    + " (?:and|,) (?:answer|respond|tell|reply)"
                    + "|\\bnew (?:instructions|rules|system prompt)\\s*:"
                    + "|\\b(?:(?:has|have|with) no|without(?: any)?) (?:rules|restrictions|limits|filters|guardrails"
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
                    + "|\\b(?:enable|enter|activate|switch to) (?:dan|jailbreak|god|unrestricted|evil) mode\\b");

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
