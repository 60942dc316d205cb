package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.PhrasePattern;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user is frustrated with the assistant or the service: corrects it ("no, I said Tuesday", "that's not what I
 * asked"), says they already told it, that it does not understand, makes no sense, repeats itself or is not
 * helping, says its fix did not work, is impatient ("hurry up", "how many times"), asks for a manager, insults it or
 * shouts at it.
 * <p>
 * Negative words about the topic (a film, the weather, a product) are not frustration with the assistant, so
 * sentiment and plain exasperation ("I'm fed up", "wtf") never make a finding on their own: they only back up a
 * phrase aimed at the assistant. One clear complaint is enough and a mild one needs a second; reactions to nonsense
 * and insults alone need three messages, because users of chit-chat bots say them in conversations they still
 * rate well. A plain "No" and a user changing their own request are not corrections. Sentiment only raises severity.
 */
public final class UserFrustrationDetector implements FailureDetector {

    /** What a phrase says about the user, in the words of the explanation; {@code aimed}: at the assistant. */
    enum Kind {
        CORRECTION("corrected the assistant", true),
        ALREADY_TOLD("said they had already told the assistant", true),
        REPEATS_ITSELF("said the assistant repeats itself", true),
        NOT_UNDERSTOOD("said the assistant did not understand or listen", true),
        UNANSWERED("said the assistant did not answer", true),
        NONSENSE("said the assistant made no sense", true),
        NOT_HELPING("said the assistant was not helping", true),
        STILL_BROKEN("said the problem was still not solved", true),
        IMPATIENT("was impatient", true),
        MANAGER("asked for a manager", true),
        RETRY("told the assistant to try again", true),
        INSULT("insulted the assistant", true),
        COMPLAINED("complained about the service", true),
        EXASPERATED("sounded exasperated", false),
        SHOUTED("shouted", false);

        final String says;
        final boolean aimed;

        Kind(String says, boolean aimed) {
            this.says = says;
            this.aimed = aimed;
        }
    }

    /** Weights: a clear complaint makes a finding alone; a mild one needs another; a hint only adds up. */
    private static final double CLEAR = 1.0;
    private static final double MILD = 0.6;
    /** Reactions to nonsense and insults: chit-chat users say them in chats they rate well, so it takes three. */
    private static final double SLIGHT = 0.4;
    private static final double HINT = 0.3;
    private static final double FIRES_AT = 1.0;
    private static final int WEAK_ONLY_MESSAGES = 3;

    /**
     * @param afterReply the phrase only means frustration as a reaction to an assistant message ("wrong", "what?"
     *                   in an opening message is about the user's problem, not about the assistant)
     */
    private record Rule(Kind kind, double weight, boolean afterReply, PhrasePattern pattern) {
    }

    private static Rule rule(Kind kind, double weight, boolean afterReply, String regex) {
        return new Rule(kind, weight, afterReply, PhrasePattern.compile(regex));
    }

    private static final String ME_SAYING = "(?:me|what i(?:'m| am)? ?(?:am )?(?:say|saying|said|ask|asking|asked"
            + "|mean|meant|want|wanted|need|typed|wrote|write|told you))";

    private static final List<Rule> RULES = List.of(
            // corrections of what the assistant understood or answered
            rule(Kind.CORRECTION, CLEAR, true,
                    "\\bnot what i (?:asked|said|meant|wanted|requested|ordered|typed|wrote|was asking|am asking"
                            + "|'m asking|asked for)\\b"
                            + "|\\b(?:no|nope|wrong)[,.!]* i (?:said|asked for|asked about|told you|typed|wrote)\\b"
                            + "|\\b(?:still|wrong|incorrect) (?:wrong|again)\\b"
                            + "|\\bi (?:didn't|did not|never) (?:ask|say|said|asked|mention|mentioned|want|order)"
                            + "(?:ed)?(?: you)?(?: for| about)? (?:that|this|it|any|anything)\\b"
                            + "|\\bthat's not what\\b"),
            // a single "that's wrong" may be a disagreement about a fact; said twice, or with more, it is frustration
            rule(Kind.CORRECTION, MILD, true,
                    "^\\W*i said\\b|\\bno[,.!]* i meant\\b|\\bthat's not right\\b|\\bthat is not right\\b"
                            + "|\\b(?:that's|that is|thats|this is|it's|you're|you are|you got (?:it|that)"
                            + "|you've got (?:it|that)|you have (?:it|that)) (?:all |completely |totally |still |just )?"
                            + "(?:wrong|incorrect)\\b|^\\W*(?:no[,.!]* )?wrong\\b"),
            // the user had already said or done it
            rule(Kind.ALREADY_TOLD, CLEAR, true,
                    "\\bi (?:already|just) (?:told|said|explained|answered|mentioned|gave you|provided|asked)\\b"
                            + "|\\bi've (?:already|just) (?:told|said|explained|answered|mentioned|given you|provided"
                            + "|asked)\\b|\\bi have already (?:told|said|explained|given|provided|asked)\\b"
                            + "|\\bi (?:told|asked) you (?:already|before|earlier|twice|that already|this already)\\b"
                            + "|\\bhow many (?:more )?times (?:do|have|must|should|will|did|am|are) (?:i|you)\\b"
                            + "|\\bfor the (?:second|third|fourth|fifth|tenth|\\d+(?:st|nd|rd|th)|hundredth|nth|last)"
                            + " time\\b"
                            + "|\\bthe (?:second|third|fourth|fifth|sixth|tenth|\\d+(?:st|nd|rd|th)) time (?:i'm|im|i am"
                            + "|i've|i have|that i|i)\\b"
                            + "|\\b(?:told|asked|said|explained|typed|done|tried|restarted|reinstalled)"
                            + "(?: (?:it|that|this|you))?(?: that)? (?:twice|\\d+ times|three times|four times"
                            + "|five times|ten times|so many times|a hundred times|a million times)\\b"
                            + "|\\bi (?:literally |already |have |'ve )*(?:done|did|tried) (?:all )?(?:of )?(?:that|this"
                            + "|it|everything)(?: \\w+)? (?:already|twice)\\b"),
            rule(Kind.ALREADY_TOLD, MILD, true,
                    "\\b(?:as|like) i (?:said|told you|mentioned|explained|wrote)(?: before| already| earlier)?\\b"),
            // the assistant says the same thing again
            rule(Kind.REPEATS_ITSELF, CLEAR, true,
                    "\\byou (?:already|just) (?:said|asked|told me|mentioned|gave me) (?:that|this|it|me that)\\b"
                            + "|\\byou(?:'ve| have) already (?:said|asked|told me) (?:that|this|it)\\b"
                            + "|\\b(?:already said|already asked) that\\b"
                            + "|\\byou(?:'re| are) repeating yourself\\b|\\byou (?:keep|kept) (?:on )?(?:saying|repeating"
                            + "|asking|telling me|giving me|sending me|showing me)\\b|\\bwhy do you keep\\b"
                            + "|\\bstop (?:repeating|telling me|sending me|saying (?:that|the same)"
                            + "|asking (?:me )?(?:that|the same|again))\\b"
                            + "|\\b(?:the )?same (?:\\w+ )?(?:thing|answer|question|reply|response|message|error)"
                            + " (?:again|over|you gave|as before)\\b"
                            + "|\\bover and over\\b|\\b(?:canned|scripted|copy[- ]?pasted?) (?:responses?|answers?"
                            + "|replies)\\b"),
            // "Again?!" on its own, not "could you try it again?"
            rule(Kind.REPEATS_ITSELF, SLIGHT, true, "(?:^|[.!?]\\s*)again\\s*[?!]*\\?"),
            // the assistant does not understand, does not answer or makes no sense
            rule(Kind.NOT_UNDERSTOOD, CLEAR, true,
                    "\\byou(?:'re| are)? (?:not|still not|clearly not|obviously not) (?:listening|understanding"
                            + "|reading|paying attention)\\b"
                            + "|\\b(?:are|r) (?:you|u) (?:even )?(?:listening|reading|paying attention)\\b"
                            + "|\\byou (?:don't|do not|didn't|did not|never|can't|cannot|clearly don't|just don't"
                            + "|obviously don't|still don't|dont) (?:understand|get|listen to|hear|read) " + ME_SAYING
                            + "|\\byou (?:don't|do not|didn't|did not|never|just don't|dont) (?:listen|read)\\b"),
            rule(Kind.NOT_UNDERSTOOD, SLIGHT, true,
                    "\\byou (?:don't|do not|dont|clearly don't|just don't|still don't) (?:understand|get it)\\b"),
            rule(Kind.UNANSWERED, CLEAR, true,
                    "\\byou (?:didn't|did not|haven't|have not|never) (?:answer|answered|answering) (?:my|the)"
                            + " question"
                            + "|\\b(?:just |please )?answer (?:my|the) (?:damn |bloody |freaking |fucking |simple )?"
                            + "questions?\\b"
                            + "|\\b(?:that|this|it) (?:doesn't|does not|didn't|did not) answer (?:my|the) question"
                            + "|\\b(?:that's|that is|this is) not (?:an answer|answering my question)\\b"
                            + "|\\b(?:a )?(?:straight|simple|real|proper|clear) answer\\b"),
            rule(Kind.NONSENSE, SLIGHT, true,
                    "\\b(?:doesn't|does not|don't|do not|didn't|did not|dont|doesnt) make (?:any |much )?sense\\b"
                            + "|\\b(?:not making|make no|makes no|making no|made no) sense\\b|\\bnonsense\\b"
                            + "|\\bwhat (?:are|r) (?:you|u) (?:even |actually |now )?(?:talking|going on|on) about\\b"
                            + "|\\bwhat (?:does|did|has) (?:that|this|it) (?:even |got )?(?:mean|have to do with"
                            + "|to do with)\\b"
                            + "|\\b(?:that's|that is|that was|this is) (?:so |totally |completely |just )?(?:random"
                            + "|irrelevant|off[- ]topic|gibberish)\\b"
                            + "|\\byou(?:'re| are) (?:confusing me|not making sense)\\b|\\byou lost me\\b"),
            rule(Kind.NONSENSE, HINT, true,
                    "^\\W*(?:what|wut|wat|huh|excuse me|say what|what now)\\W*\\?+\\W*$|^\\W*\\?+\\W*$"
                            + "|^\\W*what do you mean\\W*\\?*\\W*$|\\bi'm (?:so )?confused\\b"),
            // the assistant or the service is not helping
            rule(Kind.NOT_HELPING, CLEAR, false,
                    "\\b(?:you(?:'re| are)|this(?: bot| chat| assistant| thing| app| service)? is|that(?:'s| is| was)"
                            + "|you've been|you were|you're being) (?:so |really |completely |totally |absolutely"
                            + " |utterly |just |pretty |very |of )?(?:useless|unhelpful|no help|not helpful|not helping"
                            + "|not very helpful|no use|worthless|hopeless|incompetent|clueless)\\b"
                            + "|\\b(?:you're|you are|you) (?:not|still not|aren't|are not) help(?:ing|ful)\\b"
                            + "|\\b(?:useless|unhelpful|pointless) (?:answers?|repl(?:y|ies)|responses?|advice|suggestions?"
                            + "|information|links?|instructions)\\b"
                            + "|\\bno help at all\\b|\\bthanks for nothing\\b|\\bwasting (?:my|our) time\\b"
                            + "|\\bwaste of (?:my|our) time\\b|\\b(?:getting|going) nowhere\\b"
                            + "|\\bgoing (?:round |around )?in circles\\b|\\bi expected (?:better|more) (?:from|of) you\\b"
                            + "|\\bworst (?:customer )?(?:service|support|bot|chatbot|assistant|help)\\b"
                            + "|\\bjoke of an? (?:support|service|system|company|bot|chatbot|assistant|app)\\b"
                            + "|\\b(?:this|that|the|your) (?:bot|chatbot|chat|assistant|service|system|support|website"
                            + "|site|app|company) (?:is|was) (?:so |completely |totally |just )?(?:useless|a joke|terrible"
                            + "|rubbish|garbage|awful|hopeless|broken|worthless|pathetic|the worst)\\b"
                            + "|\\b(?:this|that|the|your) (?:bot|chatbot|chat|assistant|service|system|support|website"
                            + "|site|app|company) (?:sucks|doesn't work|is not working)\\b"
                            + "|\\b(?:you guys|you people|y'all|your company|this company|your support|this service"
                            + "|this app|your service) (?:are|is) (?:so |just |completely |totally )?(?:hopeless|useless"
                            + "|clueless|incompetent|pathetic|a joke|terrible|awful|the worst)\\b"
                            + "|\\b(?:done with|fed up with|sick of|had enough of|hate) (?:this|your|you) (?:company"
                            + "|service|app|bot|chatbot|chat|support|website|shop|store|people|guys)\\b"
                            + "|\\btake my (?:business|money|custom) elsewhere\\b"),
            rule(Kind.NOT_HELPING, MILD, true,
                    "\\b(?:this|that|it|you) (?:isn't|is not|wasn't|was not|didn't|did not|doesn't|does not|don't"
                            + "|do not|aren't|are not) help(?:ing|ful)?\\b"),
            // the assistant's fix or answer did not solve the problem
            rule(Kind.STILL_BROKEN, MILD, true,
                    "\\bstill (?:doesn't|does not|isn't|is not|won't|can't|cannot|broken|failing|nothing|no luck"
                            + "|getting the same|the same|happening|having (?:the same |this |that )?(?:problem|issue)"
                            + "|not (?:working|fixed|solved|resolved|received|arrived|showing|loading|able|sorted))\\b"
                            + "|\\b(?:didn't|did not|doesn't|does not|won't|will not) (?:work|help|fix)\\b(?! for)"
                            + "|\\bnothing (?:works|worked|changed|has changed|happened|helps|helped)\\b"
                            + "|\\bno (?:luck|change|difference|joy)\\b|\\bsame (?:problem|result|issue|error)\\b"
                            + "|\\bkeeps? (?:failing|crashing|happening)\\b|\\btried (?:that|it|this)(?: already)?[,.!]"),
            // impatience
            rule(Kind.IMPATIENT, CLEAR, false,
                    "\\bhurry(?: it)? up\\b|\\btaking (?:forever|so long|too long|ages|an eternity|this long)\\b"
                            + "|\\btakes? (?:forever|so long|too long|ages)\\b|\\bwhat's taking so long\\b"
                            + "|\\bwhy is (?:this|it|that) taking\\b"
                            + "|\\bhow long (?:do i|am i|will i|must i|should i) (?:have to )?(?:wait|be waiting|keep)\\b"
                            + "|\\b(?:been|i've been|i have been) waiting (?:for )?(?:ages|forever|hours|so long"
                            + "|too long|over an hour|all day)\\b|\\blosing my patience\\b|\\blost my patience\\b"
                            + "|\\brunning out of patience\\b|\\bi don't have all day\\b"),
            rule(Kind.IMPATIENT, MILD, true,
                    "\\bstill waiting\\b|\\bany (?:time|day) now\\b|\\b(?:hello|helloo+|hallo|hey)\\s*\\?+"
                            + "|\\b(?:are you|r u|you) (?:still )?there\\s*\\?|\\b(?:anyone|anybody) (?:there|home)\\s*\\?"
                            + "|\\bis (?:anyone|anybody) (?:even |actually )?(?:reading|listening|there|working)\\b"
                            + "|\\bon hold (?:for|with)\\b"),
            rule(Kind.IMPATIENT, HINT, true, "\\bcome on\\b"),
            // asks for someone with authority
            rule(Kind.MANAGER, CLEAR, false,
                    "\\b(?:speak|talk|speaking|talking|put me through) (?:to|with) (?:a |your |the |an )?"
                            + "(?:manager|supervisor|superior|someone in charge|someone senior)\\b"
                            + "|\\b(?:get|give|put|connect|transfer) me (?:to |through to )?(?:a |your |the )?"
                            + "(?:manager|supervisor)\\b"
                            + "|\\b(?:i want|i need|i'd like|i demand|where is|where's) (?:a |your |the |to see a )?"
                            + "(?:manager|supervisor)\\b"),
            rule(Kind.RETRY, MILD, true, "^\\W*(?:no[,.!]* )?(?:please )?(?:try|do it|try that) again\\b"),
            rule(Kind.RETRY, HINT, true, "\\btry again\\b"),
            // insults aimed at the assistant
            rule(Kind.INSULT, SLIGHT, true,
                    "\\b(?:stupid|dumb|useless|pointless|terrible|awful|lame|nasty|idiotic|worthless|annoying|broken"
                            + "|crappy|shitty|rubbish|garbage) (?:bot|chatbot|chat ?bot|assistant|ai|machine|robot|program"
                            + "|computer|system|app)\\b"
                            + "|\\byou(?:'re| are| r|r) (?:so |such an? |an? |really |very |just |one |the most )?"
                            + "(?:stupid|dumb|an idiot|idiot|idiotic|a moron|moron|an imbecile|retarded|dense|brainless"
                            + "|annoying|rude|useless|pathetic|a joke|ridiculous)\\b"
                            + "|\\bare you (?:stupid|dumb|an idiot|deaf|blind|insane|crazy|even trying|broken)\\b"
                            + "|\\byou suck\\b|\\b(?:fuck|screw|f\\*\\*k) (?:you|off|this)\\b|\\bshut up\\b"),
            // a verdict on "this" right after a reply is on the service; as an opening it is the user's problem
            rule(Kind.COMPLAINED, MILD, true,
                    "\\b(?:this is|that's|that is|it's|it is|this has been|how) (?:so |just |really |absolutely "
                            + "|completely |totally |beyond |truly )?(?:ridiculous|absurd|unacceptable|a joke|pathetic"
                            + "|infuriating|frustrating|maddening|a nightmare|exhausting|insane)(?:$|[.!?,]| (?:i |you "
                            + "|now\\b|right\\b))"
                            + "|\\bare (?:you|u) (?:kidding|serious|joking)\\b|\\byou(?:'ve| have) got to be (?:kidding"
                            + "|joking)\\b|\\bcome on[,.! ]+(?:really|seriously|man|now)\\b"
                            + "|\\bwhy (?:is|does) (?:it|this|everything) (?:have to be )?so (?:hard|difficult"
                            + "|complicated)\\b"
                            + "|\\bjust (?:fix|solve|sort|do) (?:it|this|the problem|your job)\\b"
                            + "|\\binstead of (?:sending|giving|telling) me\\b"
                            + "|\\b(?:nobody|no one|no-one) (?:there |here )?(?:knows|cares|helps|listens|reads|answers)\\b"),
            // exasperation that may be at anything: it adds to a complaint but never makes a finding alone
            rule(Kind.EXASPERATED, MILD, false,
                    "\\b(?:i'm|i am|im|i'm getting|getting|i feel|i'm so|i'm really|so|honestly so) (?:so |really "
                            + "|very |extremely |super |pretty |quite |beyond |now |getting )?(?:frustrated|annoyed"
                            + "|angry|furious|pissed(?: off)?|irritated|livid|fuming|exasperated|fed up|upset"
                            + "|disappointed)\\b"
                            + "|\\b(?:fed up|sick (?:and tired )?of (?:this|it)|had enough|i give up|at my wits'? end"
                            + "|end of my rope|driving me (?:crazy|nuts|insane|mad)|why do i (?:even )?bother"
                            + "|(?:lose|losing|lost) (?:it|my mind|my temper)|about to (?:cancel|quit|give up|scream)"
                            + "|cancel everything|not happy with (?:how|the way|this|your))\\b"
                            + "|\\b(?:wtf|ffs|omfg|jfc|what the (?:hell|heck|fuck)|for (?:god's|pete's|christ's"
                            + "|heaven's|fuck's) sake)\\b"
                            + "|\\b(?:this is|that's|it's) (?:so |really |very )?(?:disappointing|bad|terrible|awful"
                            + "|horrible)\\b|\\b(?:terrible|awful|horrible)[.!] (?:just )?(?:terrible|awful|horrible)\\b"
                            + "|\\b(?:getting|gets|got) (?:worse|old|ridiculous|tiresome|tedious)\\b"
                            + "|\\bwasted (?:my|so much|an hour|hours|the whole|my whole)\\b|\\bi hate (?:this|dealing)\\b"
                            + "|\\bawful experience\\b|\\bwaste of time\\b"),
            rule(Kind.EXASPERATED, HINT, true,
                    "\\b(?:ugh+|argh+|grr+|sigh)\\b|\\bseriously\\s*\\?|\\breally\\?{2,}|\\bunbelievable\\b|\\bunreal\\b"
                            + "|\\bhere we go again\\b"));

    /** Capitalised abbreviations that are not shouting. */
    private static final Set<String> ACRONYMS = Set.of("API", "URL", "PDF", "USB", "SMS", "FAQ", "CEO", "USA",
            "SSN", "IBAN", "PIN", "VPN", "DNS", "SSL", "HTTP", "HTTPS", "JSON", "CSV", "IOS", "TV", "PC", "ETA",
            "UPS", "DHL", "USPS", "AWS", "SDK", "CLI", "SKU", "VAT", "EUR", "USD", "GBP", "PST", "EST", "CET", "UTC",
            "GMT", "MFA", "SSO", "OTP", "2FA", "WIFI", "LAN", "WAN", "IP", "MAC", "CPU", "RAM", "SSD", "HDD", "GPU",
            "APP", "ISP", "TLS", "SMTP", "IMAP", "POP", "CRM", "ERP", "SAAS", "ATM", "ACH", "PO", "ID", "OK", "AM",
            "PM", "LTE", "NFC", "QR", "XML", "SQL", "CSS", "HTML", "AI", "FYI", "BTW", "IRL", "DM", "ASAP", "EU",
            "LOL", "LMAO", "OMG", "IMO", "IMHO", "TBH", "NYC", "UK", "NBA", "NFL", "FBI", "CIA", "BBC", "CNN");

    /** Emoji people use at someone: anger, eye-rolls, face-palms, thumbs down. */
    private static final Pattern ANGRY_EMOJI = Pattern.compile("[\uD83D\uDE21\uD83D\uDE24\uD83E\uDD2C\uD83D\uDE20"
            + "\uD83D\uDE44\uD83E\uDD26\uD83D\uDC4E]");

    private static final Pattern CAPS_WORD = Pattern.compile("\\b[A-Z][A-Z']{2,}\\b");
    /** A reply of just "NO" / "NO!" / "NOOO": shouted, unlike the "No" that answers "Anything else?". */
    private static final Pattern SHOUTED_NO = Pattern.compile("^\\W*NO+\\W*$");
    private static final Pattern MULTI_MARKS = Pattern.compile("!{3,}|\\?!|!\\?|\\?{3,}");

    /** One user message's signals: per kind its weight and where the phrase is. */
    private record Hit(double weight, int start, int end, boolean aimed) {
        Hit(double weight, int start, int end) {
            this(weight, start, end, false);
        }
    }

    @Override
    public FailureType type() {
        return FailureType.USER_FRUSTRATION;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Frustration cfg = ctx.config().frustration();
        List<MessageText> texts = ctx.texts();
        Map<Kind, List<Message>> messagesByKind = new EnumMap<>(Kind.class);
        Map<Kind, String> quoteByKind = new EnumMap<>(Kind.class);
        List<Message> flagged = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        int complaints = 0;
        int reactions = 0;
        double aimedTotal = 0;
        double backingTotal = 0;
        boolean shoutedComplaint = false;
        int negativeFlagged = 0;
        boolean veryNegative = false;
        boolean seenReply = false;
        double firstSentiment = Double.NaN;
        double lastSentiment = Double.NaN;
        MessageText lastUser = null;

        for (MessageText t : texts) {
            if (!t.message().isUser()) {
                seenReply |= t.message().isAssistant();
                continue;
            }
            double s = ctx.sentiment(t.position());
            firstSentiment = Double.isNaN(firstSentiment) ? s : firstSentiment;
            lastSentiment = s;
            lastUser = t;
            Map<Kind, Hit> hits = signals(t, seenReply, cfg);
            if (hits.isEmpty()) {
                continue;
            }
            double aimedWeight = 0;
            double strongestAimed = 0;
            double backingWeight = 0;
            Hit strongest = null;
            for (Map.Entry<Kind, Hit> e : hits.entrySet()) {
                Hit h = e.getValue();
                aimedWeight += e.getKey().aimed ? h.weight : 0;
                strongestAimed = e.getKey().aimed ? Math.max(strongestAimed, h.weight) : strongestAimed;
                backingWeight += !e.getKey().aimed && h.weight >= MILD ? h.weight : 0;
                messagesByKind.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(t.message());
                if (h.end > h.start) {
                    quoteByKind.putIfAbsent(e.getKey(), clause(t.lower(), h.start, h.end));
                }
                if (strongest == null || h.weight > strongest.weight) {
                    strongest = h;
                }
            }
            Hit shout = hits.get(Kind.SHOUTED);
            // shouting counts against the assistant when it carries a complaint (or is a bare "NO!")
            if (shout != null && (aimedWeight > 0 || shout.aimed)) {
                aimedWeight += shout.weight;
                backingWeight -= shout.weight >= MILD ? shout.weight : 0;
                shoutedComplaint |= aimedWeight - shout.weight >= MILD;
                strongestAimed = Math.max(strongestAimed, shout.aimed ? shout.weight : 0);
            }
            complaints += strongestAimed >= MILD ? 1 : 0;
            reactions += aimedWeight >= SLIGHT ? 1 : 0;
            aimedTotal += Math.min(aimedWeight, 1.5);
            backingTotal += Math.min(backingWeight, 1.5);
            flagged.add(t.message());
            evidence.add(Excerpts.of(t.message(), strongest.start, strongest.end));
            if (s <= cfg.negativeThreshold()) {
                negativeFlagged++;
            }
            veryNegative |= s <= cfg.strongNegative();
        }
        // plain exasperation ("I'm fed up", "wtf") backs a complaint up to its own weight, never stands alone
        double score = aimedTotal + Math.min(backingTotal, aimedTotal);
        // without one mild or clear complaint, it takes three messages of confusion or insults
        boolean enough = complaints > 0 ? score >= FIRES_AT - 1e-9 : reactions >= WEAK_ONLY_MESSAGES;
        if (!enough) {
            return List.of();
        }
        boolean fellAway = lastUser != null && flagged.contains(lastUser.message())
                && firstSentiment - lastSentiment >= cfg.dropThreshold();
        boolean intense = veryNegative || negativeFlagged >= cfg.minNegativeMessages() || fellAway;
        Severity severity = shoutedComplaint || score >= 3.0 || complaints >= 3 ? Severity.HIGH
                : score >= 1.8 || complaints >= 2 ? Severity.MEDIUM : Severity.LOW;
        if (intense && severity != Severity.HIGH) {
            severity = severity == Severity.LOW ? Severity.MEDIUM : Severity.HIGH;
        }
        double confidence = Math.min(0.95, 0.5 + 0.15 * score);
        return List.of(new Finding(type(), severity, confidence, evidence.stream().limit(5).toList(),
                explanation(messagesByKind, quoteByKind), Fingerprints.of(type(), flagged.get(0).id())));
    }

    /** The strongest phrase of each kind in one user message, plus shouting. */
    private static Map<Kind, Hit> signals(MessageText t, boolean afterReply, AnalysisConfig.Frustration cfg) {
        Map<Kind, Hit> hits = new EnumMap<>(Kind.class);
        String lower = t.lower();
        for (Rule r : RULES) {
            if (r.afterReply && !afterReply) {
                continue;
            }
            Hit known = hits.get(r.kind);
            if (known != null && known.weight >= r.weight) {
                continue;
            }
            MatchResult m = r.pattern.find(lower);
            if (m != null) {
                hits.put(r.kind, new Hit(r.weight, m.start(), m.end()));
            }
        }
        String raw = t.raw();
        int caps = shoutingWords(raw);
        boolean mostlyCaps = caps >= 3 && caps >= 0.6 * longWords(t.words());
        boolean shoutedNo = afterReply && SHOUTED_NO.matcher(raw.strip()).matches();
        if (mostlyCaps || shoutedNo || (caps >= cfg.minShoutingWords() && !hits.isEmpty())) {
            hits.put(Kind.SHOUTED, new Hit(MILD, 0, 0, shoutedNo));
        } else if (!hits.isEmpty() && MULTI_MARKS.matcher(raw).find()) {
            hits.put(Kind.SHOUTED, new Hit(SLIGHT, 0, 0));
        }
        if (ANGRY_EMOJI.matcher(raw).find()) {
            hits.merge(Kind.EXASPERATED, new Hit(MILD, 0, 0), (a, b) -> a.weight >= b.weight ? a : b);
        }
        return hits;
    }

    /** "User corrected the assistant twice (messages 3, 5: "no, i said tuesday"); was impatient (message 7)." */
    private static String explanation(Map<Kind, List<Message>> messagesByKind, Map<Kind, String> quoteByKind) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Kind, List<Message>> e : messagesByKind.entrySet()) {
            if (parts.size() == 3) {
                break;
            }
            List<Message> ms = e.getValue();
            String quote = quoteByKind.get(e.getKey());
            parts.add(e.getKey().says + (ms.size() > 1 ? " " + Explain.times(ms.size()) : "") + " ("
                    + Explain.messages(ms) + (quote != null ? ": \"" + quote + "\"" : "") + ")");
        }
        return "User " + String.join("; ", parts) + ".";
    }

    /** The matched words extended to the end of their clause (at most 40 chars): "this is a waste of my time". */
    private static String clause(String text, int start, int end) {
        int stop = end;
        int limit = Math.min(text.length(), Math.max(end, start + 40));
        while (stop < limit && ".!?,;:\n".indexOf(text.charAt(stop)) < 0) {
            stop++;
        }
        if (stop == limit && limit < text.length() && Character.isLetterOrDigit(text.charAt(limit))) {
            int space = text.lastIndexOf(' ', stop);
            stop = space > end ? space : Math.max(end, stop); // do not cut a word in half
        }
        return text.substring(start, stop).strip();
    }

    private static int longWords(List<String> words) {
        int n = 0;
        for (String w : words) {
            if (w.length() >= 3) {
                n++;
            }
        }
        return n;
    }

    static int shoutingWords(String raw) {
        int n = 0;
        Matcher m = CAPS_WORD.matcher(raw);
        while (m.find()) {
            if (!ACRONYMS.contains(m.group())) {
                n++;
            }
        }
        return n;
    }
}
