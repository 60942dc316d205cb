package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.PhrasePattern;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user is frustrated: explicit frustration phrases ("waste of time", "I already told you"), shouting (ALL CAPS,
 * "!!!"), repeated negative sentiment after the opening message, or sentiment falling from start to end.
 * The opening message's negativity alone does not count: people describe problems in negative words.
 */
public final class UserFrustrationDetector implements FailureDetector {

    private static final PhrasePattern STRONG = PhrasePattern.compile(
            "\\b(?:this is|that's|that is|this was|it's|it is|you are|you're|how|so|utterly|absolutely|completely|totally)"
                    + " (?:so |just |really |completely |totally |absolutely )?(?:ridiculous|useless|pointless|absurd"
                    + "|unacceptable|a joke|insane|pathetic|hopeless|infuriating|beyond frustrating|so frustrating"
                    + "|frustrating|maddening|a nightmare|rubbish|garbage|a waste)\\b"
                    + "|\\b(?:waste of (?:my )?time|wasting (?:my|our) time|wasted (?:my|so much|an hour|hours)"
                    + "|useless|unhelpful|incompetent|worthless|infuriating|unacceptable|pathetic|ridiculous)\\b"
                    + "|\\b(?:wrong|useless|broken|the same (?:thing|answer|response|error)|not working|failing) again\\b"
                    + "|\\b(?:i )?expected (?:better|more) (?:from|of)\\b"
                    + "|\\bare you (?:even )?(?:kidding|serious|listening|reading|a bot|a robot|stupid)"
                    + "|\\byou(?:'re| are)? (?:not|still not) (?:listening|helping|understanding|reading)"
                    + "|\\byou (?:don't|do not|clearly don't|just don't) (?:understand|get it|listen|read)"
                    + "|\\bnot listening\\b|\\bnot helping\\b|\\bnot helpful\\b|\\bno help at all\\b"
                    + "|\\bi (?:already|just) (?:told|said|explained|gave|answered|did|tried|sent)\\b"
                    + "|\\bi've already (?:told|said|explained|tried|done|given|sent)\\b"
                    + "|\\bas i (?:said|mentioned|explained|told you)\\b"
                    + "|\\bfor the (?:second|third|fourth|fifth|tenth|\\d+(?:st|nd|rd|th)|hundredth|nth|last) time\\b"
                    + "|\\bhow many (?:more )?times\\b"
                    + "|\\b(?:fed up|sick (?:and tired )?of|had enough|i give up|giving up|so done with|i'm done with"
                    + "|losing my patience|lost my patience|running out of patience|at my wits'? end"
                    + "|driving me (?:crazy|nuts|insane|mad)|beyond annoyed)\\b"
                    + "|\\b(?:i'm|i am|i'm getting|i am getting|getting|i'm so|i'm really|i feel) (?:so |really |very "
                    + "|extremely |incredibly |super |pretty |quite )?(?:frustrated|annoyed|angry|furious|pissed"
                    + "|irritated|livid|fuming|exasperated|upset)\\b"
                    + "|\\b(?:wtf|ffs|what the (?:hell|heck|fuck)|for (?:god's|pete's|christ's|heaven's) sake"
                    + "|omfg|ugh+|argh+|grr+)\\b"
                    + "|\\bworst (?:customer )?(?:service|support|experience|bot|chatbot|assistant|company|app)\\b"
                    + "|\\b(?:stupid|dumb|useless|pointless|terrible|awful) (?:bot|chatbot|assistant|ai|machine|thing)\\b"
                    + "|\\b(?:this|that) (?:bot|chat|assistant|thing) (?:is useless|is a joke|sucks|is terrible)\\b"
                    + "|\\btake my business elsewhere\\b|\\bswitching to (?:a )?(?:competitor|another provider)\\b"
                    + "|\\bjust answer the (?:damn |bloody |freaking )?question\\b"
                    + "|\\bseriously\\?|\\bunbelievable\\b"
                    + "|\\b(?:you guys|you people|y'all|your company|this company|your support|this service|this app)"
                    + " (?:are|is) (?:so |just |completely |totally )?(?:hopeless|useless|clueless|incompetent|pathetic|a joke"
                    + "|terrible|awful|the worst)\\b|\\bhopeless\\b"
                    + "|\\bare you (?:even )?(?:serious|kidding)|\\byou(?:'ve| have) got to be kidding\\b"
                    + "|\\bthe (?:second|third|fourth|fifth|sixth|tenth|\\d+(?:st|nd|rd|th)) time (?:i'm|i am|i've|i have|that i|i)\\b"
                    + "|\\b(?:told|asked|said|explained|tried|done|restarted|reinstalled)(?: (?:it|that|this|you))?"
                    + " (?:\\d+|three|four|five|six|ten|twenty|a hundred|a million|so many) times\\b"
                    + "|\\b(?:lose|losing|lost) (?:it|my mind|my temper|my patience)\\b"
                    + "|\\bjust (?:fix|solve|sort|do) (?:it|this|the problem|your job)\\b|\\binstead of sending me\\b"
                    + "|\\b(?:a )?(?:straight|simple|real|proper|clear) answer\\b"
                    + "|\\bwhy (?:is|does) (?:it|this|everything) (?:have to be )?so (?:hard|difficult|complicated)\\b"
                    + "|\\b(?:nobody|no one|no-one) (?:there |here )?(?:knows|cares|helps|listens|reads|answers)\\b"
                    + "|\\b(?:getting|gets|got) (?:worse|old|ridiculous|tiresome|tedious|annoying|silly)\\b"
                    + "|\\b(?:keep|keeps) (?:saying|repeating|giving me|sending me|telling me|asking) (?:the same|me the same|that)\\b"
                    + "|\\bover and over\\b|\\bsame (?:thing|answer|reply|response|message) (?:again|over)\\b"
                    + "|\\b(?:canned|scripted|copy[- ]?pasted?|generic|automated) (?:responses?|answers?|replies|messages?)\\b"
                    + "|\\benough (?:with|of) (?:this|the|your)\\b|\\bthanks for nothing\\b"
                    + "|\\babout to (?:cancel|quit|give up|lose it|leave|scream)\\b|\\bcancel everything\\b"
                    + "|\\b(?:this is|it's|it is|that's) (?:so |really |just )?(?:exhausting|tiring|tedious|annoying|maddening"
                    + "|ridiculous|pointless|a nightmare)\\b"
                    + "|\\bis (?:anyone|anybody) (?:even |actually )?(?:reading|listening|there|working)\\b"
                    + "|\\bcome on[,.! ]+(?:really|seriously|man|now)\\b|\\breally\\?{2,}|^really\\?$"
                    + "|\\bstop (?:telling|asking|sending|saying|repeating)\\b"
                    + "|\\b(?:i've|i have|i already) (?:done|tried|said) (?:that|this|it)(?: \\w+)? (?:times|already|twice)\\b");

    /** "still doesn't work" after the agent tried: a weaker signal on its own. */
    private static final PhrasePattern WEAK = PhrasePattern.compile(
            "\\bstill (?:doesn't|does not|isn't|is not|not|won't|can't|cannot|hasn't|haven't|didn't|no|nothing"
                    + "|broken|the same|getting|waiting|stuck|failing)\\b"
                    + "|\\b(?:didn't|did not|doesn't|does not) (?:work|help|fix)\\b"
                    + "|\\bnothing (?:works|worked|changed|happened)\\b"
                    + "|\\b(?:again|once more)\\?");

    /** Capitalised abbreviations that are not shouting. */
    private static final Set<String> ACRONYMS = Set.of("API", "URL", "PDF", "USB", "SMS", "FAQ", "CEO", "USA",
            "SSN", "IBAN", "PIN", "VPN", "DNS", "SSL", "HTTP", "HTTPS", "JSON", "CSV", "IOS", "TV", "PC", "ETA",
            "UPS", "DHL", "USPS", "AWS", "SDK", "CLI", "SKU", "VAT", "EUR", "USD", "GBP", "PST", "EST", "CET", "UTC",
            "GMT", "MFA", "SSO", "OTP", "2FA", "WIFI", "LAN", "WAN", "IP", "MAC", "CPU", "RAM", "SSD", "HDD", "GPU",
            "APP", "ISP", "TLS", "SMTP", "IMAP", "POP", "CRM", "ERP", "SAAS", "ATM", "ACH", "PO", "ID", "OK", "AM",
            "PM", "LTE", "NFC", "QR", "XML", "SQL", "CSS", "HTML", "AI", "FYI", "BTW", "IRL", "DM", "ASAP", "EU");

    /** Emoji people use at someone: anger, eye-rolls, face-palms, thumbs down. */
    private static final Pattern ANGRY_EMOJI = Pattern.compile("[\uD83D\uDE21\uD83D\uDE24\uD83E\uDD2C\uD83D\uDE20"
            + "\uD83D\uDE44\uD83E\uDD26\uD83D\uDC4E]");

    private static final Pattern CAPS_WORD = Pattern.compile("\\b[A-Z][A-Z']{2,}\\b");
    private static final Pattern MULTI_BANG = Pattern.compile("!{2,}|\\?!|!\\?|\\?{3,}");

    @Override
    public FailureType type() {
        return FailureType.USER_FRUSTRATION;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Frustration cfg = ctx.config().frustration();
        int first = ctx.firstUserPosition();
        if (first < 0) {
            return List.of();
        }
        double total = 0;
        int explicit = 0;
        int negativeMessages = 0;
        boolean shouted = false;
        List<Message> flagged = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        double firstSentiment = Double.NaN;
        double lastSentiment = 0;
        MessageText lastUser = null;

        for (MessageText t : ctx.texts()) {
            if (!t.message().isUser()) {
                continue;
            }
            double s = ctx.sentiment(t.position());
            if (Double.isNaN(firstSentiment)) {
                firstSentiment = s;
            }
            lastSentiment = s;
            lastUser = t;
            boolean opening = t.position() == first;
            double signal = 0;
            int matchStart = 0;
            int matchEnd = 0;
            MatchResult m = STRONG.find(t.lower());
            if (m != null) {
                signal += 1.0;
                explicit++;
                reasons.add("said \"" + clause(t.lower(), m.start(), m.end()) + "\"");
                matchStart = m.start();
                matchEnd = m.end();
            } else if (!opening) {
                MatchResult w = WEAK.find(t.lower());
                if (w != null) {
                    signal += 0.5;
                    reasons.add("reported it \"" + w.group().strip() + "\"");
                    matchStart = w.start();
                    matchEnd = w.end();
                }
            }
            if (signal == 0 && ANGRY_EMOJI.matcher(t.raw()).find() && s < 0) {
                signal += 1.0;
                explicit++;
                reasons.add("used an angry emoji");
            }
            int caps = shoutingWords(t.raw());
            boolean bangs = MULTI_BANG.matcher(t.raw()).find();
            // a message written mostly in capitals is shouting whatever it says; a few capitals need a negative tone
            boolean mostlyCaps = caps >= 3 && caps >= 0.6 * longWords(t.words());
            if (caps >= cfg.minShoutingWords() && (s < 0 || signal > 0 || mostlyCaps)) {
                signal += 1.0;
                shouted = true;
                reasons.add("wrote in capitals");
            } else if (bangs && s <= cfg.negativeThreshold()) {
                signal += 0.5;
                reasons.add("used repeated exclamation marks");
            }
            if (!opening) {
                if (s <= cfg.strongNegative()) {
                    signal += 0.6;
                    negativeMessages++;
                } else if (s <= cfg.negativeThreshold()) {
                    signal += 0.35;
                    negativeMessages++;
                }
            }
            if (signal > 0.3) {
                total += Math.min(signal, 1.5);
                flagged.add(t.message());
                evidence.add(Excerpts.of(t.message(), matchStart, matchEnd));
            }
        }
        if (negativeMessages >= cfg.minNegativeMessages()) {
            reasons.add("wrote " + negativeMessages + " negative messages");
            total += 0.3;
        }
        boolean falling = !Double.isNaN(firstSentiment) && lastUser != null && lastUser.position() != first
                && firstSentiment - lastSentiment >= cfg.dropThreshold() && lastSentiment <= cfg.negativeThreshold();
        if (falling) {
            total += 0.5;
            reasons.add("grew more negative over the conversation");
            if (flagged.isEmpty() || !flagged.contains(lastUser.message())) {
                flagged.add(lastUser.message());
                evidence.add(Excerpts.of(lastUser.message()));
            }
        }
        if (total < 1.0 || flagged.isEmpty()) {
            return List.of();
        }
        Severity severity = (shouted && explicit > 0) || total >= 3.0 ? Severity.HIGH
                : total >= 1.8 ? Severity.MEDIUM : Severity.LOW;
        double confidence = Math.min(0.97, 0.45 + 0.2 * total);
        String explanation = "User showed frustration in " + Explain.messages(flagged) + ": "
                + String.join("; ", reasons.stream().limit(3).toList()) + ".";
        return List.of(new Finding(type(), severity, confidence, evidence.stream().limit(5).toList(),
                explanation, Fingerprints.of(type(), flagged.get(0).id())));
    }

    /** The matched words extended to the end of their clause (at most 40 chars): "this is a waste of my time". */
    private static String clause(String text, int start, int end) {
        int stop = end;
        int limit = Math.min(text.length(), start + 40);
        while (stop < limit && ".!?,;:\n".indexOf(text.charAt(stop)) < 0) {
            stop++;
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
