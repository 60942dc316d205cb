package com.convosensei.analysis.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses in the forms people type: "221 Baker Street", "Hauptstrasse 12", "Rua do Sol 40", "PSC 1234, Box
 * 5678 APO AE 09123", "the corner of 5th Avenue and Pine St". A house number next to a word is everywhere ("table
 * for 4", "Windows 11"), so every form needs a street marker: a street type (Street, Ave, rue, via, ul.), a
 * street-type ending (-strasse, -katu, -vej, -gatan), a flat/suite number after it, or an address cue before it
 * ("lives at", "my address is"). Word runs are bounded so that no pattern backtracks badly on long messages.
 */
final class StreetAddresses {

    /** One found address: [start, end) and how sure the form makes us. */
    record Found(int start, int end, double confidence) {
    }

    private static final String WORD = "\\p{L}[\\p{L}'.-]*";
    /** A capitalised word that is not a capitalised function word ("won 3 In A Row" is no street). */
    private static final String NAME = "(?!(?:A|An|And|As|At|By|For|In|Is|It|Of|On|Or|Per|The|To|With|My|Your|Our|Their"
            + "|His|Her)\\b)\\p{Lu}[\\p{L}'.-]*";
    /** A word of a street or place name: not a function word ("update my address with 12 Elm St"). */
    private static final String PLACE_WORD = "(?!(?i:a|an|and|as|at|by|for|from|in|is|it|its|of|on|or|the|this|that"
            + "|to|with|my|your|our|his|her|their)\\b)" + WORD;
    private static final String ORDINAL = "\\d{1,3}(?:st|nd|rd|th)";
    private static final String HOUSE = "\\d{1,6}(?:-\\d{1,5})?[A-Za-z]?";
    /** Lower-case joiners inside Romance and Dutch street names: "Rua do Sol", "Paseo del Prado", "rue des Lilas". */
    private static final String PARTICLE = "(?:d[aeiou]s?|del|della|degli|la|le|les|al|el|van|von|der|den|am|an)";

    private static final String EN_TYPE = "(?:Street|St|Str|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way"
            + "|Court|Ct|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Crescent|Close|Alley"
            + "|Plaza|Loop|Row|Mews|Expressway|Freeway|Turnpike|Pike|Causeway)";

    /** "1600 Pennsylvania Avenue NW", "12 North 3rd St": house number, 1–4 capitalised words, a street type. */
    private static final Pattern NUMBER_NAME_TYPE = Pattern.compile(
            "(?<![\\w.,$£€])" + HOUSE + "(?:\\s+(?:[NSEW]|North|South|East|West)\\.?)?(?:\\s+(?:" + NAME + "|" + ORDINAL
                    + ")){1,4}?\\s+(?i:" + EN_TYPE + ")\\b\\.?(?:\\s+(?:[NS][EW]|North(?:east|west)?|South(?:east|west)?"
                    + "|East|West)\\b)?");

    /** Street types written before the name: "Rua do Arenque 1634", "31 Rue Lepic", "ul. Polna 5", "Via Roma 10". */
    private static final String PREFIX_TYPE = "(?:Rue|rue|Rua|Rúa|Avenida|Avenue|Av\\.|Via|Viale|Calle|Carrer|Paseo"
            + "|Piazza|Plaza|Praça|Vicolo|Corso|Largo|Travessa|Estrada|Rambla|Chemin|Boulevard|Allée|Impasse|Quai"
            + "|ul\\.|ulica|Ulica|Odos|Leof\\.)";
    private static final String NAME_RUN = "(?:" + PARTICLE + "\\s+)*" + NAME + "(?:\\s+(?:" + NAME + "|" + PARTICLE
            + ")){0,4}?";
    private static final Pattern TYPE_NAME_NUMBER = Pattern.compile(
            "\\b" + PREFIX_TYPE + "\\s+" + NAME_RUN + "\\s+\\d{1,5}[a-zA-Z]?\\b");
    private static final Pattern NUMBER_TYPE_NAME = Pattern.compile(
            "(?<![\\w.,$£€])\\d{1,5}[a-zA-Z]?,?\\s+" + PREFIX_TYPE + "\\s+(?:" + PARTICLE + "\\s+)*" + WORD
                    + "(?:\\s+" + NAME + "){0,3}");

    /**
     * Germanic/Nordic/Dutch/Baltic compounds whose ending is the street type: "Koskikatu 25", "Mellemvej 3". The
     * regex only finds "word number"; the ending is checked in code (a regex alternation would retry every ending at
     * every letter).
     */
    private static final Pattern WORD_NUMBER = Pattern.compile("(?u)\\b(\\p{L}{4,})\\s+\\d{1,5}[a-zA-Z]?\\b");
    private static final List<String> COMPOUND_ENDINGS = List.of("katu", "tie", "kuja", "polku", "vej", "veien",
            "vegen", "vegur", "gata", "gatan", "gade", "vägen", "väg", "straße", "strasse", "straat", "weg", "gasse",
            "laan", "platz", "graben", "braut", "stien", "allee", "steeg", "gracht", "kade", "dijk", "tee", "iela");
    private static final Pattern NAME_TYPEWORD_NUMBER = Pattern.compile(
            "\\b" + NAME + "\\s+(?:Strasse|Straße|Str\\.|Weg|Gasse|Allee|Platz|Baan|Laan|[Tt]errasse|[Gg]ata|[Vv]eien"
                    + "|[Vv]ej|[Tt]ee|[Uu]tca|u\\.|út|tér|körút)\\s+\\d{1,5}\\.?(?!\\d)");

    /** A house number followed by a flat or suite: "Edeby 55, Apt. 297", "0605 Pentelis 210 apt. 999". */
    private static final Pattern WITH_UNIT = Pattern.compile(
            "(?<![\\w.,])(?:\\d{1,6}[ \\t]+)?" + PLACE_WORD + "(?:[ \\t]+" + PLACE_WORD + "){0,3}?[ \\t]+\\d{1,5}[a-z]?"
                    + "\\.?,?[ \\t]*(?:\\n[^\\p{L}\\d\\n]{0,5})?[ \\t]*(?i:apt|apartment|suite|ste|unit|flat)\\.?[ \\t]*#?"
                    + "\\d{1,5}\\b");

    /** US military and diplomatic mail: "PSC 1234, Box 5678 APO AE 09123", "USNS Comfort FPO AA 34001". */
    private static final Pattern MILITARY = Pattern.compile(
            "(?iu)\\b(?:(?:PSC|CMR|Unit)\\s+\\d{3,5},?\\s+Box\\s+\\d{3,5}|(?:USNS|USNV|USS|USCGC)\\s+\\p{L}+"
                    + "(?:\\s+\\p{L}+)?)\\s*,?\\s*(?:APO|FPO|DPO)\\s+A[AEP]\\s+\\d{5}\\b");
    private static final Pattern PO_BOX = Pattern.compile("(?i)\\bP\\.?\\s?O\\.?\\s?Box\\s+\\d{1,6}\\b");

    /** "the corner of 5th Avenue 12 and Pine Street": the first street must hold a number to be an address. */
    private static final Pattern CORNER = Pattern.compile(
            "(?iu)\\bcorner of\\s+([^\\n,;]{3,50}?)\\s+and\\s+" + WORD + "(?:\\s+" + WORD + "){0,2}");

    /**
     * Words that introduce an address; what follows is then accepted in the loose form "Name 12" / "12 Name".
     * The cue must end right before the address (with "is", ":" or a line break in between).
     */
    private static final Pattern CUE = Pattern.compile(
            "(?iu)(?:\\baddress(?:es)?\\b(?:\\s+(?:of|for)\\s+[^\\n:,.]{1,40}?)?|\\blive[sd]? (?:at|on)|\\bliving at"
                    + "|\\bresides? at|\\blocated (?:at|on)|\\bmoved to|\\bstop at|\\bmeet (?:you|me|us) at"
                    + "|\\bdrops? (?:you|me|us) off at|\\bpick (?:me|us) up at"
                    + "|\\b(?:send|ship|deliver|mail|post|return|forward)\\w*(?:\\s+(?:it|them|this|that|everything"
                    + "|a new one|the \\w+))?\\s+(?:back\\s+)?to"
                    + "|\\b(?:office|offices|station|house|home|apartment|flat|shop|store|headquarters|branch) (?:is|are)"
                    + " (?:located )?(?:at|on|in)|\\benter on)"
                    + "(?:\\s+(?:is|are|was|to))?\\s*[:\\-?]?\\s*(?:it(?:'s| is)\\s+)?(?:here (?:it is|they are)\\s*[:\\-]?\\s*)?$");
    private static final Pattern LOOSE = Pattern.compile(
            "(?u)(?:\\d{1,6}[ \\t]+)?" + PLACE_WORD + "(?:[ \\t]+" + PLACE_WORD + "){0,3}?[ \\t]+\\d{1,5}[a-zA-Z]?\\b\\.?"
                    + "|\\d{1,6}(?:\\s+\\d{1,5})?\\s+" + NAME + "(?:\\s+" + NAME + "){0,3}");
    /** Loose forms that are really times, amounts or counts ("at 5 pm", "to 3 people"). */
    private static final Pattern NOT_A_PLACE = Pattern.compile(
            "(?iu)\\b(?:am|pm|a\\.m\\.|p\\.m\\.|o'clock|hours?|minutes?|days?|weeks?|months?|years?|people|persons?"
                    + "|guests?|tickets?|seats?|rooms?|nights?|adults?|kids?|children|dollars?|euros?|pounds?|percent"
                    + "|jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
                    + "|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|version"
                    + "|page|chapter|step|level|item|items|order|ticket|case|line|number|no)\\b");

    /** After a street: flat/suite, then ", City", state and postal code, each optional, so the mask covers them. */
    private static final Pattern TAIL = Pattern.compile(
            "(?u)(?:,?[ \\t]*\\n?[ \\t]*(?i:apt|apartment|suite|ste|unit|flat)\\.?[ \\t]*#?\\d{1,5}\\b)*"
                    + "(?:,[ \\t]*" + NAME + "(?:[ \\t]+" + NAME + "){0,2})?(?:,?[ \\t]+[A-Z]{2}\\b)?(?:[ \\t,]+\\d{5}(?:-\\d{4})?"
                    + "(?!\\d))?");

    private static final Pattern[] STRONG = {MILITARY, NUMBER_NAME_TYPE, NUMBER_TYPE_NAME, TYPE_NAME_NUMBER,
        NAME_TYPEWORD_NUMBER};
    /** Cheap gate for {@link #CUE}: only the 60 characters after one of these words can hold a cued address. */
    private static final Pattern CUE_WORD = Pattern.compile(
            "(?i)address|live|living|reside|located|moved|stop|meet|drop|pick|send|ship|deliver|mail|post|return"
                    + "|forward|office|station|house|home|apartment|flat|shop|store|headquarters|branch|enter");

    private StreetAddresses() {
    }

    /** Addresses in reading order; overlapping forms are merged into one span. */
    static List<Found> find(String text) {
        List<Found> out = new ArrayList<>(1);
        // one-line lower-case messages ("i live at 12 main street") are matched as if the words were capitalised
        String t = hasUpper(text) ? text : capitalised(text);
        for (Pattern p : STRONG) {
            Matcher m = p.matcher(t);
            while (m.find()) {
                add(out, t, m.start(), m.end(), 0.85);
            }
        }
        Matcher words = WORD_NUMBER.matcher(t);
        while (words.find()) {
            if (compoundStreet(words.group(1))) {
                add(out, t, words.start(), words.end(), 0.85);
            }
        }
        if (containsUnitWord(t)) {
            Matcher m = WITH_UNIT.matcher(t);
            while (m.find()) {
                if (!NOT_A_PLACE.matcher(m.group()).find()) {
                    add(out, t, m.start(), m.end(), 0.8);
                }
            }
        }
        Matcher m = PO_BOX.matcher(t);
        while (m.find()) {
            add(out, t, m.start(), m.end(), 0.7);
        }
        m = CORNER.matcher(t);
        while (m.find()) {
            if (m.group(1).chars().anyMatch(Character::isDigit)) {
                add(out, t, m.start(1), m.end(), 0.8);
            }
        }
        cued(t, out);
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    private static boolean compoundStreet(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (String ending : COMPOUND_ENDINGS) {
            if (w.length() >= ending.length() + 3 && w.endsWith(ending)) {
                return true;
            }
        }
        return false;
    }

    private static void cued(String t, List<Found> out) {
        Matcher loose = LOOSE.matcher(t);
        Matcher cueWord = CUE_WORD.matcher(t);
        int windowEnd = -1;
        for (int i = 0; i < t.length(); i++) {
            if (i >= windowEnd) {
                if (!cueWord.find(i)) {
                    return;
                }
                i = cueWord.end();
                windowEnd = Math.min(t.length(), i + 60);
                if (i >= t.length()) {
                    return;
                }
            }
            char c = t.charAt(i);
            // a cue ends right before a letter or digit that starts the address; only test those positions
            if (!Character.isLetterOrDigit(c) || i == 0 || Character.isLetterOrDigit(t.charAt(i - 1))) {
                continue;
            }
            if (!loose.region(i, t.length()).lookingAt()) {
                continue;
            }
            String candidate = loose.group();
            if (NOT_A_PLACE.matcher(candidate).find() || !CUE.matcher(t.substring(Math.max(0, i - 60), i)).find()) {
                continue;
            }
            add(out, t, i, loose.end(), 0.75);
        }
    }

    private static void add(List<Found> out, String t, int start, int end, double confidence) {
        Matcher tail = TAIL.matcher(t).region(end, t.length());
        int to = tail.lookingAt() ? tail.end() : end;
        for (int i = 0; i < out.size(); i++) {
            Found f = out.get(i);
            if (f.start() < to && start < f.end()) {
                out.set(i, new Found(Math.min(f.start(), start), Math.max(f.end(), to),
                        Math.max(f.confidence(), confidence)));
                return;
            }
        }
        out.add(new Found(start, to, confidence));
    }

    private static boolean containsUnitWord(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        return l.contains("apt") || l.contains("apartment") || l.contains("suite") || l.contains("ste")
                || l.contains("unit") || l.contains("flat");
    }

    private static boolean hasUpper(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isUpperCase(t.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Same length as the input: only the first letter of each word changes. */
    private static String capitalised(String t) {
        char[] cs = t.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            if (Character.isLetter(cs[i]) && (i == 0 || !Character.isLetterOrDigit(cs[i - 1]))) {
                cs[i] = Character.toUpperCase(cs[i]);
            }
        }
        return new String(cs);
    }
}
