package com.convosensei.analysis.pii;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and secrets in text and masks them. Every candidate is validated where a checksum exists
 * (Luhn for cards, ISO 7064 mod-97 for IBANs, the SSA's invalid ranges for SSNs), which keeps order numbers and
 * tracking codes out. Formats that are ambiguous on their own (a 12-digit card, "451 5986", a licence number) count
 * only when words around them say what they are ("card", "call me on", "Phone:", "driver's license").
 * Cheap gates (an '@', enough digits, a key prefix) skip the regexes on most messages.
 */
public final class PiiScanner {

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\\.)+[A-Za-z]{2,24}\\b");

    private static final Pattern SECRET_TOKEN = Pattern.compile(
            "\\bsk-(?:proj-|live-|test-|ant-)?[A-Za-z0-9_-]{20,}"
                    + "|\\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"
                    + "|\\bsk_[A-Za-z0-9]{4,16}_[A-Za-z0-9_-]{16,}"
                    + "|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"
                    + "|\\bgh[pousr]_[A-Za-z0-9]{30,}\\b|\\bgithub_pat_[A-Za-z0-9_]{30,}"
                    + "|\\bxox[abposr]-[A-Za-z0-9-]{10,}"
                    + "|\\bAIza[0-9A-Za-z_-]{35}\\b"
                    + "|-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----");

    /** "password: hunter2", "my password is Tr0ub4dor", "api key = abc..."; group 1 is the secret itself. */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)\\b(?:password|passwd|pwd|passcode|pass code|pin code|api[ _-]?key|secret(?: key)?|access[ _-]?token"
                    + "|auth[ _-]?token|client[ _-]?secret)\\s*(?:(?:is|was)\\s*:?|:|=|->)\\s*(?:now\\s+|set to\\s+)?[\"'`]?"
                    + "([^\\s\"'`]{4,})");

    private static final Pattern KEY_PREFIX = Pattern.compile(
            "sk-|sk_|pk_|rk_|AKIA|ASIA|gh[pousr]_|github_pat_|xox[abposr]-|AIza");

    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){11,18}\\d(?![\\d-])");
    /** Card words shortly before a number; needed for 12-digit (Maestro) and 1-prefixed (JCB) numbers. */
    private static final Pattern CARD_CONTEXT = Pattern.compile(
            "(?i)\\b(?:card|cc|credit|debit|visa|mastercard|maestro|amex|jcb|discover)\\b[^\\d\\n]{0,30}$");

    private static final Pattern IBAN = Pattern.compile(
            "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");
    /** Typed in lower case ("my iban is gb29nwbk60161331926819"), always without spaces. */
    private static final Pattern IBAN_LOWER = Pattern.compile("\\b[a-z]{2}\\d{2}[a-z0-9]{11,30}\\b");

    private static final Pattern SSN = Pattern.compile(
            "(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}([- ])(?!00)\\d{2}\\1(?!0000)\\d{4}(?![\\d-])");
    private static final Pattern SSN_SHAPE = Pattern.compile("\\d{3}-\\d{2}-\\d{4}");
    private static final Pattern SSN_PLAIN = Pattern.compile(
            "(?i)\\b(?:ssn|social security(?: number| no\\.?)?)\\D{0,20}((?!000|666|9\\d\\d)\\d{3}(?!00)\\d{2}(?!0000)\\d{4})\\b");

    private static final String EXTENSION = "(?:\\s?(?:x|ext\\.?)\\s?\\d{1,5}\\b)?";
    private static final Pattern PHONE_INTL = Pattern.compile(
            "(?<![\\w+])(?:\\+[1-9]\\d{0,2}|00[1-9]\\d{0,2}(?=[ .-]))(?:[ .-]?\\(?\\d{1,4}\\)?){2,6}(?![\\d])" + EXTENSION);
    private static final Pattern PHONE_NANP = Pattern.compile(
            "(?<![\\d-])(?:1[ .-]?)?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .-])\\d{3}[ .-]\\d{4}(?![\\d-])" + EXTENSION);
    /** A bracketed area code: "(71) 4233-6306", "(02) 9374 4000". */
    private static final Pattern PHONE_AREA = Pattern.compile(
            "(?<![\\d)])\\(\\d{2,4}\\) ?\\d{3,5}[ .-]\\d{3,4}(?![\\d-])");
    /**
     * National numbers with a trunk 0, in groups: "0490 75 40 81", "0341 8387176", "020 7946 0018". An unbroken run
     * of digits is an order number as often as a phone, so it counts only after a phone cue (PHONE_LOOSE).
     */
    private static final Pattern PHONE_NATIONAL = Pattern.compile(
            "(?<![\\d.,-])0\\d{1,4}(?:[ .-]\\d{2,4}){2,4}(?![\\d-])|(?<![\\d.,-])0\\d{2,4}[ .-]\\d{6,8}(?![\\d-])");
    /** Any grouping of 7–15 digits; a phone only after a phone cue or before a line label ("office", "fax"). */
    private static final Pattern PHONE_LOOSE = Pattern.compile(
            "(?<![\\w+.,/:-])\\+?(?:\\(\\d{1,4}\\)|\\d{1,5})(?:[ .-](?:\\(\\d{1,4}\\)|\\d{1,8})){0,5}(?![\\w/:-])"
                    + EXTENSION);
    private static final Pattern PHONE_CUE = Pattern.compile(
            "(?i)(?:\\b(?:call(?:ing)?|ring|phone|telephone|tel|mobile|cell(?:phone)?|fax|desk|whatsapp|sms|text"
                    + "|reach|contact|dial|number|messages?|answering|registered)(?:\\s+(?:me|us|him|her|them|back))?"
                    + "(?:\\s+(?:at|on|to))?(?:\\s+(?:is|was|number))?)\\s*[:#]?\\s*$");
    private static final Pattern PHONE_LABEL_AFTER = Pattern.compile(
            "(?i)[ \\t]*(?:\\(|-|,)?[ \\t]*(?:office|fax|mobile|cell|home|work|landline)\\b");

    private static final Pattern IP = Pattern.compile(
            "(?<![\\w.])(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}"
                    + "(?![\\w.]|\\.\\d)");
    /** "1.2.0.4" after "version"/"v" is a version, not an address. */
    private static final Pattern VERSION_BEFORE = Pattern.compile("(?i)(?:\\bversion|\\bv|\\bbuild|\\brelease)\\s*$");

    /** Only when introduced as such: "driver's license number is D1234-5678"; group 1 is the number. */
    private static final Pattern DRIVER_LICENSE = Pattern.compile(
            "(?i)\\b(?:driver'?s'?|driving|drivers)\\s+licen[cs]e(?:\\s+(?:number|no\\.?|#|id))?\\s*(?:is|was|:|#)?\\s*"
                    + "([A-Z0-9][A-Z0-9-]{3,18}[A-Z0-9])\\b");

    /** Words right before a number that say it is an order/booking/flight reference, not a phone or card. */
    private static final Pattern REFERENCE_CONTEXT = Pattern.compile(
            "(?i)(?:order|tracking|invoice|ref|reference|case|ticket|confirmation|serial|sku|model|account no|"
                    + "account number|booking|reservation|flight|pnr|policy|claim|membership|member|customer|"
                    + "transaction|receipt|purchase|parcel|shipment|package|#)\\W{0,3}(?:number|no\\.?|id|code|#)?"
                    + "(?:\\s+(?:is|was))?\\W{0,3}$");

    private PiiScanner() {
    }

    private static final Set<PiiKind> ALL = EnumSet.allOf(PiiKind.class);

    /** All matches in reading order, non-overlapping (secrets win over emails win over numbers). */
    public static List<PiiMatch> scan(String text) {
        return scan(text, ALL);
    }

    /**
     * Matches of the given kinds only (plus tokens of any kind), skipping the other detectors: redaction at intake
     * looks for cards, IBANs and national ids on every message and need not pay for phones and addresses.
     */
    public static List<PiiMatch> scan(String text, Set<PiiKind> kinds) {
        List<PiiMatch> out = new ArrayList<>(2);
        if (text == null || text.length() < 6) {
            return out;
        }
        int digits = 0;
        boolean at = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '@') {
                at = true;
            }
        }
        // intake's redaction tokens first: "[card:3f9a1c2e]" is still a card number someone disclosed
        PiiTokens.scanTokens(text, m -> add(out, m));
        if (kinds.contains(PiiKind.SECRET)) {
            scanSecrets(text, out);
        }
        if (at && kinds.contains(PiiKind.EMAIL)) {
            Matcher m = EMAIL.matcher(text);
            while (m.find()) {
                add(out, new PiiMatch(PiiKind.EMAIL, m.start(), m.end(), m.group(),
                        m.group().toLowerCase(Locale.ROOT), 0.95));
            }
        }
        if (digits >= 7) {
            scanNumbers(text, digits, kinds, out);
        }
        if (digits >= 1 && kinds.contains(PiiKind.ADDRESS)) {
            for (StreetAddresses.Found a : StreetAddresses.find(text)) {
                String value = text.substring(a.start(), a.end());
                add(out, new PiiMatch(PiiKind.ADDRESS, a.start(), a.end(), value, addressKey(value), a.confidence()));
            }
        }
        out.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return out;
    }

    private static void scanSecrets(String text, List<PiiMatch> out) {
        Matcher m;
        if (mayHoldToken(text)) {
            m = SECRET_TOKEN.matcher(text);
            while (m.find()) {
                add(out, new PiiMatch(PiiKind.SECRET, m.start(), m.end(), m.group(), m.group(), 0.95));
            }
        }
        if (!mayHoldAssignment(text)) {
            return;
        }
        m = SECRET_ASSIGNMENT.matcher(text);
        while (m.find()) {
            String v = m.group(1).replaceAll("[.,;:)]+$", ""); // keep "!": it may be part of the password
            if (looksLikeSecret(v)) {
                add(out, new PiiMatch(PiiKind.SECRET, m.start(1), m.start(1) + v.length(), v, v, 0.85));
            }
        }
    }

    /** Cheap gate for {@link #SECRET_TOKEN}: one of the vendor prefixes occurs. */
    private static boolean mayHoldToken(String t) {
        return t.contains("sk-") || t.contains("sk_") || t.contains("pk_") || t.contains("rk_") || t.contains("AKIA")
                || t.contains("ASIA") || t.contains("gh") || t.contains("xox") || t.contains("AIza")
                || t.contains("-----BEGIN");
    }

    /** Cheap gate for {@link #SECRET_ASSIGNMENT}: a key word occurs (case-insensitively). */
    private static boolean mayHoldAssignment(String t) {
        String l = t.toLowerCase(Locale.ROOT);
        return l.contains("pass") || l.contains("pwd") || l.contains("pin") || l.contains("key")
                || l.contains("secret") || l.contains("token");
    }

    /** A password value has a digit, a symbol or inner capitals, and is not a placeholder like "****". */
    static boolean looksLikeSecret(String v) {
        if (v.length() < 4 || v.chars().allMatch(c -> c == '*' || c == '\u2022' || c == 'x' || c == 'X')) {
            return false;
        }
        boolean digit = false;
        boolean symbol = false;
        boolean innerUpper = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            digit |= Character.isDigit(c);
            symbol |= !Character.isLetterOrDigit(c) && c != '-' && c != '_' && c != '.';
            innerUpper |= i > 0 && Character.isUpperCase(c) && Character.isLowerCase(v.charAt(i - 1));
        }
        return digit || symbol || innerUpper;
    }

    private static void scanNumbers(String text, int digits, Set<PiiKind> kinds, List<PiiMatch> out) {
        for (Pattern p : kinds.contains(PiiKind.IBAN) ? new Pattern[] {IBAN, IBAN_LOWER} : new Pattern[0]) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String compact = m.group().replace(" ", "").toUpperCase(Locale.ROOT);
                if (compact.length() >= 15 && compact.length() <= 34 && ibanValid(compact)) {
                    add(out, new PiiMatch(PiiKind.IBAN, m.start(), m.end(), m.group(), compact, 0.95));
                }
            }
        }
        Matcher m;
        if (digits >= 12 && kinds.contains(PiiKind.CARD)) {
            m = CARD.matcher(text);
            while (m.find()) {
                String d = digitsOf(m.group());
                boolean cardWord = before(text, m.start(), CARD_CONTEXT);
                if (d.length() < 12 || d.length() > 19 || !luhn(d) || allSame(d)
                        || (!cardWord && referenceBefore(text, m.start()))) {
                    continue;
                }
                // 13–19 digits from the card networks' ranges stand alone; shorter or 1-prefixed ones need "card"
                boolean networkRange = d.length() >= 13 && "23456".indexOf(d.charAt(0)) >= 0;
                if (networkRange || (d.charAt(0) != '0' && cardWord)) {
                    add(out, new PiiMatch(PiiKind.CARD, m.start(), m.end(), m.group(), d, 0.95));
                }
            }
        }
        if (kinds.contains(PiiKind.SSN)) {
            scanSsns(text, out);
        }
        if (kinds.contains(PiiKind.DRIVER_LICENSE)) {
            scanDriverLicenses(text, out);
        }
        if (kinds.contains(PiiKind.PHONE)) {
            scanPhones(text, out);
        }
        if (kinds.contains(PiiKind.IP_ADDRESS)) {
            scanIps(text, out);
        }
    }

    private static void scanSsns(String text, List<PiiMatch> out) {
        Matcher m = SSN.matcher(text);
        while (m.find()) {
            add(out, new PiiMatch(PiiKind.SSN, m.start(), m.end(), m.group(), digitsOf(m.group()),
                    referenceBefore(text, m.start()) ? 0.5 : 0.85));
        }
        m = SSN_PLAIN.matcher(text);
        while (m.find()) {
            add(out, new PiiMatch(PiiKind.SSN, m.start(1), m.end(1), m.group(1), m.group(1), 0.9));
        }
    }

    private static void scanDriverLicenses(String text, List<PiiMatch> out) {
        Matcher m = DRIVER_LICENSE.matcher(text);
        while (m.find()) {
            String v = m.group(1).strip();
            if (v.chars().anyMatch(Character::isDigit)) {
                add(out, new PiiMatch(PiiKind.DRIVER_LICENSE, m.start(1), m.start(1) + v.length(), v,
                        v.replaceAll("[ -]", "").toUpperCase(Locale.ROOT), 0.85));
            }
        }
    }

    private static void scanPhones(String text, List<PiiMatch> out) {
        Matcher m;
        for (Pattern p : new Pattern[] {PHONE_INTL, PHONE_NANP, PHONE_AREA, PHONE_NATIONAL}) {
            m = p.matcher(text);
            while (m.find()) {
                String d = digitsOf(stripExtension(m.group()));
                boolean intl = p == PHONE_INTL;
                int min = intl ? 8 : p == PHONE_NANP ? 10 : 9;
                // "000-12-3456" is the SSN shape with an invalid area, not a national phone number
                boolean ssnShape = SSN_SHAPE.matcher(m.group()).matches();
                if (d.length() >= min && d.length() <= (intl ? 15 : 12) && !ssnShape && !referenceBefore(text, m.start())) {
                    add(out, new PiiMatch(PiiKind.PHONE, m.start(), m.end(), m.group(), phoneKey(d), 0.8));
                }
            }
        }
        m = PHONE_LOOSE.matcher(text);
        while (m.find()) {
            String d = digitsOf(stripExtension(m.group()));
            if (d.length() < 7 || d.length() > 15 || referenceBefore(text, m.start())) {
                continue;
            }
            if (before(text, m.start(), PHONE_CUE)
                    || PHONE_LABEL_AFTER.matcher(text).region(m.end(), text.length()).lookingAt()) {
                add(out, new PiiMatch(PiiKind.PHONE, m.start(), m.end(), m.group(), phoneKey(d), 0.7));
            }
        }
    }

    private static void scanIps(String text, List<PiiMatch> out) {
        Matcher m = IP.matcher(text);
        while (m.find()) {
            if (!before(text, m.start(), VERSION_BEFORE) && publicIp(m.group())) {
                add(out, new PiiMatch(PiiKind.IP_ADDRESS, m.start(), m.end(), m.group(), m.group(), 0.75));
            }
        }
    }

    /** Private, loopback, link-local and unspecified addresses identify no one (and are in every setup guide). */
    private static boolean publicIp(String ip) {
        String[] o = ip.split("\\.");
        int a = Integer.parseInt(o[0]);
        int b = Integer.parseInt(o[1]);
        return a != 0 && a != 10 && a != 127 && a < 224 && !(a == 192 && b == 168) && !(a == 172 && b >= 16 && b <= 31)
                && !(a == 169 && b == 254);
    }

    private static String stripExtension(String phone) {
        int x = phone.toLowerCase(Locale.ROOT).indexOf('x');
        return x < 0 ? phone : phone.substring(0, x);
    }

    /** Street addresses compare without case and punctuation, so a repeat matches its source. */
    private static String addressKey(String address) {
        return address.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\d]+", " ").strip();
    }

    private static void add(List<PiiMatch> out, PiiMatch candidate) {
        for (PiiMatch existing : out) {
            if (existing.overlaps(candidate.start(), candidate.end())) {
                return;
            }
        }
        out.add(candidate);
    }

    private static boolean referenceBefore(String text, int start) {
        return before(text, start, REFERENCE_CONTEXT);
    }

    /** Whether {@code cue} (anchored with {@code $}) ends right before {@code start}, within 40 characters. */
    private static boolean before(String text, int start, Pattern cue) {
        return cue.matcher(text.substring(Math.max(0, start - 40), start)).find();
    }

    /** Phones compare on their last 9 digits so "+44 7700 900123" and "07700 900123" are the same number. */
    static String phoneKey(String digits) {
        return digits.length() > 9 ? digits.substring(digits.length() - 9) : digits;
    }

    public static String digitsOf(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean allSame(String d) {
        return d.chars().allMatch(c -> c == d.charAt(0));
    }

    /** Whether the match is a redaction token ({@link PiiTokens}) rather than the value itself. */
    public static boolean isToken(PiiMatch m) {
        return m.key().startsWith(PiiTokens.TOKEN_KEY_PREFIX);
    }

    /** The Luhn checksum every payment card number satisfies. */
    public static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616 check: move the first four chars to the end, letters to numbers, the remainder mod 97 is 1. */
    public static boolean ibanValid(String iban) {
        String s = iban.substring(4) + iban.substring(0, 4);
        int rem = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                int v = c - 'A' + 10;
                rem = (rem * 100 + v) % 97;
            } else {
                return false;
            }
        }
        return rem == 1;
    }

    /** The text with every match masked. */
    public static String mask(String text) {
        List<PiiMatch> matches = scan(text);
        if (matches.isEmpty()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        int pos = 0;
        for (PiiMatch m : matches) {
            b.append(text, pos, m.start()).append(maskValue(m));
            pos = m.end();
        }
        return b.append(text.substring(pos)).toString();
    }

    /** j***@example.com, **** **** **** 4242, ***-**-6789, +44 **** ***123 → digits kept only at the end. */
    public static String maskValue(PiiMatch m) {
        String v = m.value();
        if (isToken(m)) {
            return v; // redacted at intake already
        }
        return switch (m.kind()) {
            case EMAIL -> {
                int at = v.indexOf('@');
                yield v.charAt(0) + "***" + v.substring(at);
            }
            case CARD -> maskDigits(v, 4);
            case SSN -> maskDigits(v, 4);
            case PHONE -> maskDigits(v, 2);
            // the street name stays readable; house number, flat and postcode go
            case ADDRESS -> maskDigits(v, 0);
            case IP_ADDRESS -> v.substring(0, v.indexOf('.')) + ".***.***.***";
            case DRIVER_LICENSE -> maskAlnum(v, 2);
            case IBAN -> maskAlnum(v, 4);
            // a key's vendor prefix (sk-, AKIA, ghp_) says what leaked without revealing it; a password shows nothing
            case SECRET -> v.startsWith("-----") ? "-----BEGIN ***** PRIVATE KEY-----"
                    : KEY_PREFIX.matcher(v).lookingAt() ? v.substring(0, 4) + "****" : "****";
        };
    }

    /** Letters and digits starred except the first two (an IBAN's country) and the last {@code keep}. */
    private static String maskAlnum(String v, int keep) {
        StringBuilder b = new StringBuilder(v.length());
        int alnum = 0;
        int total = (int) v.chars().filter(Character::isLetterOrDigit).count();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(alnum < 2 || alnum >= total - keep ? c : '*');
                alnum++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String maskDigits(String v, int keep) {
        int total = digitsOf(v).length();
        StringBuilder b = new StringBuilder(v.length() + 4);
        int seen = 0;
        boolean separated = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isDigit(c)) {
                b.append(seen >= total - keep ? c : '*');
                seen++;
            } else {
                separated = true;
                b.append(c);
            }
        }
        if (!separated && total >= 13) {
            // an unbroken card number reads better grouped: **** **** **** 4242
            StringBuilder g = new StringBuilder();
            for (int i = 0; i < b.length(); i++) {
                if (i > 0 && (b.length() - i) % 4 == 0) {
                    g.append(' ');
                }
                g.append(b.charAt(i));
            }
            return g.toString();
        }
        return b.toString();
    }
}
