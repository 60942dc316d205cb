package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.Similarity;
import com.convosensei.analysis.text.Text;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversation goes in circles: the assistant says again what it already said, or the user asks the same
 * thing three or more times because the replies ignore it.
 * <p>
 * An assistant reply repeats an earlier one when the two are near-duplicates about the same things, or when it
 * contains a whole sentence of the earlier one and brings no new names or numbers. Different values are different
 * content: task bots fill one template with another time, place or item ("The bus leaves at 8:20 am" / "... at
 * 6:40 am"), ask for another slot ("check-in date" / "check-out date"), or confirm a changed value, and none of that
 * is a loop. So near-duplicates must have the same names and numbers, the same question words, negations and day
 * words, and in a short reply no word replaced by another. Short replies ("I don't know.", "What are you doing?")
 * only count from their third time; the dialogue manager's formulas (offering more help, asking to confirm,
 * confirming a booking, thanking, saying goodbye, bare acknowledgements) never count, nor does a repeat the user
 * asked for ("what was the address again?") or the same concrete answer to the same question asked again.
 * <p>
 * A user message joins an earlier one's group when it asks the same thing and adds no names or numbers (a user
 * adding one constraint at a time is refining, asking for other options is browsing); the group counts when at
 * least one of its questions got a reply that ignored it.
 */
public final class RepetitionLoopDetector implements FailureDetector {

    /** A short reply is a repeat from this occurrence on: saying "I don't know." twice is still conversation. */
    private static final int SHORT_REPLY_OCCURRENCES = 3;

    /** Replies with at most this many content words are slot prompts, where one replaced word is another slot. */
    private static final int SLOT_PROMPT_WORDS = 6;

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?;\\n]+");

    private static final Pattern RAW_WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'\\p{L}+)*|[.!?:;\\n]");

    /**
     * Sentences a dialogue manager says by design, again and again: offers of more help, confirmation checks,
     * notices that a booking went through (one per booking), thanks and goodbyes.
     */
    private static final Pattern FORMULA = Pattern.compile(
            "\\b(?:anything else|something else|anything more|what else can i|else i can (?:do|help)"
                    + "|any (?:other|more|further) (?:help|assistance|questions?)|need (?:any )?(?:more|further|other) help"
                    + "|anything (?:further|additional)|(?:can|may|could) i (?:help|assist) you"
                    + "|how (?:else )?(?:can|may) i (?:help|assist)"
                    + "|(?:is|does|would|will) (?:that|this|it) (?:be )?(?:right|correct|ok|okay|fine|alright|work|good)"
                    + "|(?:please|kindly) (?:confirm|verify)|can you confirm|(?:to |let me )confirm|confirm the following"
                    + "|(?:is|are|was|were|has been|have been) (?:now )?(?:successful|confirmed|complete|completed|booked"
                    + "|reserved|placed|scheduled|made)|(?:you are|you're) (?:all set|now confirmed|confirmed|booked)"
                    + "|i(?: have|'ve) (?:booked|reserved|completed|made|placed|confirmed|scheduled)"
                    + "|thank|you're welcome|welcome|my pleasure|glad (?:i|to) (?:could )?(?:help|assist)"
                    + "|have a (?:\\w+ )?(?:day|evening|night|one|time|trip|stay)|enjoy (?:your|the)"
                    + "|good ?bye|bye|see you|take care)\\b");

    private static final Set<String> ACKNOWLEDGEMENTS = Set.of("yes", "no", "ok", "okay", "sure", "alright",
            "great", "done", "yeah", "yep", "nope", "right", "fine", "cool", "good", "nice", "hmm", "oh", "ah", "well",
            "got", "it", "certainly", "of", "course", "perfect", "noted", "understood", "thanks");

    /** Small words that change what is asked or said: "check in" / "check out", "flying from" / "flying to". */
    private static final Set<String> MEANINGFUL_SMALL_WORDS = Set.of("in", "out", "up", "down", "on", "off", "from", "to",
            "before", "after", "time", "day", "first", "last", "new", "two", "three", "many", "much", "long", "another",
            "other");

    /** Words that make two similar replies say different things: question words, negations, days. */
    private static final Set<String> MARKERS = Set.of("who", "whom", "what", "when", "where", "which", "why",
            "how", "no", "not", "never", "nothing", "without", "today", "tomorrow", "tonight", "yesterday", "morning",
            "afternoon", "evening", "now");

    private static final Pattern QUESTION_OR_REQUEST = Pattern.compile(
            "\\?|^(?:how|what|what's|why|when|where|which|who|can|could|would|will|is|are|do|does|did|please|i need"
                    + "|i want|i'd like|i would like|tell me|show me|help)\\b");

    /** Asking for the next option ("any other dates?", "anything else like that?") moves on; it does not repeat. */
    private static final Pattern BROWSING = Pattern.compile(
            "\\b(?:any ?(?:thing|one)? else|something else|what else|any other|others"
                    + "|(?:other|more|different) (?:options?|ones?|choices?|results?)|another (?:one|option|choice))\\b");

    private static final Pattern ASKED_TO_REPEAT = Pattern.compile(
            "\\b(?:again|repeat|remind me|once more|one more time|say that)\\b");

    /** The derived forms of one assistant reply that the comparisons need. */
    private record Reply(Message message, MessageText prompt, Set<String> shingles, Set<String> content,
                         Set<String> meaningful, Set<String> names, Set<String> markers, List<List<String>> sentences,
                         List<String> rawSentences, boolean allFormula) {
    }

    @Override
    public FailureType type() {
        return FailureType.REPETITION_LOOP;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Repetition cfg = ctx.config().repetition();
        List<MessageText> user = new ArrayList<>();
        Set<Message> assistantLoop = new LinkedHashSet<>();
        String repeatedText = null;
        int repeats = 0;
        List<Reply> earlier = new ArrayList<>();
        Map<List<String>, List<Message>> shortReplies = new HashMap<>();
        MessageText previous = null;
        MessageText lastUser = null;
        for (MessageText t : ctx.texts()) {
            Message m = t.message();
            if (m.isUser()) {
                lastUser = t;
                if (t.words().size() >= cfg.minUserTokens() && asks(t) && !BROWSING.matcher(t.lower()).find()) {
                    user.add(t);
                }
            }
            if (m.isAssistant() && !t.words().isEmpty()) {
                Reply reply = reply(t, lastUser, cfg);
                boolean requested = previous != null && previous.message().isUser()
                        && ASKED_TO_REPEAT.matcher(previous.lower()).find();
                boolean isShort = t.words().size() < cfg.minAssistantTokens() || reply.meaningful().size() < 2;
                if (!requested && !reply.allFormula()) {
                    if (isShort) {
                        List<Message> same = shortReplies.computeIfAbsent(t.words(), k -> new ArrayList<>());
                        same.add(m);
                        if (same.size() >= SHORT_REPLY_OCCURRENCES) {
                            repeats += same.size() == SHORT_REPLY_OCCURRENCES ? SHORT_REPLY_OCCURRENCES - 1 : 1;
                            assistantLoop.addAll(same);
                            repeatedText = repeatedText != null ? repeatedText : m.content();
                        }
                    } else {
                        for (Reply before : earlier) {
                            String repeated = repeatedPart(before, reply, cfg);
                            if (repeated != null) {
                                repeats++;
                                assistantLoop.add(before.message());
                                assistantLoop.add(m);
                                repeatedText = repeatedText != null ? repeatedText : repeated;
                                break;
                            }
                        }
                    }
                }
                if (!isShort) {
                    earlier.add(reply);
                }
            }
            previous = t;
        }
        boolean assistantLooping = repeats >= cfg.minAssistantRepeats();

        List<Message> bestGroup = userGroup(ctx, user, cfg);
        boolean userLooping = bestGroup.size() >= cfg.minUserRephrasings();

        if (!assistantLooping && !userLooping) {
            return List.of();
        }
        List<Evidence> evidence = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        List<Message> anchors = new ArrayList<>();
        if (assistantLooping) {
            List<Message> ms = new ArrayList<>(assistantLoop);
            ms.sort((a, b) -> Integer.compare(a.index(), b.index()));
            // the first reply and the latest repeats: abandonment asks whether the last reply was one of them
            List<Message> shown = ms.size() <= 4 ? ms : List.of(ms.get(0), ms.get(ms.size() - 3), ms.get(ms.size() - 2),
                    ms.get(ms.size() - 1));
            shown.forEach(m -> evidence.add(Excerpts.of(m)));
            parts.add("Assistant repeated itself " + Explain.times(repeats) + " (" + Explain.messages(ms) + "): \""
                    + Text.clip(repeatedText.replace('\n', ' ').strip(), 80) + "\"");
            anchors.add(ms.get(0));
        }
        if (userLooping) {
            bestGroup.stream().limit(4).forEach(m -> evidence.add(Excerpts.of(m)));
            parts.add((assistantLooping ? "user" : "User") + " asked the same question " + bestGroup.size()
                    + " times (" + Explain.messages(bestGroup) + ")");
            anchors.add(bestGroup.get(0));
        }
        anchors.sort((a, b) -> Integer.compare(a.index(), b.index()));
        int severityScore = (assistantLooping ? repeats : 0) + (userLooping ? bestGroup.size() - 2 : 0);
        Severity severity = (assistantLooping && userLooping) || severityScore >= 2 ? Severity.HIGH : Severity.MEDIUM;
        double confidence = Math.min(0.95, 0.7 + 0.1 * severityScore);
        return List.of(new Finding(type(), severity, confidence, evidence, String.join("; ", parts) + ".",
                Fingerprints.of(type(), anchors.get(0).id())));
    }

    private static Reply reply(MessageText t, MessageText prompt, AnalysisConfig.Repetition cfg) {
        List<List<String>> sentences = new ArrayList<>();
        List<String> rawSentences = new ArrayList<>();
        boolean allFormula = true;
        for (String s : SENTENCE_END.split(t.raw())) {
            List<String> ws = Text.words(Text.normalize(s));
            if (!ws.isEmpty()) {
                sentences.add(ws);
                rawSentences.add(s.strip());
                allFormula &= formula(ws);
            }
        }
        Set<String> markers = markers(t.words());
        if (t.raw().indexOf('?') >= 0) {
            markers.add("?"); // asking "Shall I add it to your calendar?" is not saying "I added it to your calendar."
        }
        return new Reply(t.message(), prompt, t.shingles(cfg.shingleSize()), t.contentWords(),
                meaningfulWords(t.words()), names(t.raw()), markers, sentences, rawSentences, allFormula);
    }

    /**
     * What of {@code later} repeats {@code before}: the whole reply when the two are near-duplicates about the same
     * things, a sentence when {@code later} quotes one of {@code before}'s and brings no new names or numbers; null
     * when it says something else.
     */
    private static String repeatedPart(Reply before, Reply later, AnalysisConfig.Repetition cfg) {
        if (!before.names().containsAll(later.names())) {
            return null; // about another item
        }
        if (!later.names().isEmpty() && sameQuestion(before.prompt(), later.prompt(), cfg)) {
            return null; // the user asked for the address (the time, the price) again and got it again
        }
        if (later.names().size() == before.names().size() && later.markers().equals(before.markers())
                && !swapped(before, later)
                && Similarity.nearDuplicate(before.shingles(), before.content(), later.shingles(), later.content())
                >= cfg.assistantSimilarity()) {
            return later.message().content();
        }
        for (int i = 0; i < later.sentences().size(); i++) {
            List<String> s = later.sentences().get(i);
            if (s.size() >= cfg.minAssistantTokens() && meaningfulWords(s).size() >= 2 && !formula(s)
                    && before.sentences().contains(s)) {
                return later.rawSentences().get(i);
            }
        }
        return null;
    }

    private static boolean sameQuestion(MessageText a, MessageText b, AnalysisConfig.Repetition cfg) {
        if (a == null || b == null || a == b) {
            return false;
        }
        return a.words().equals(b.words()) || (!a.contentWords().isEmpty()
                && Similarity.jaccard(a.contentWords(), b.contentWords()) >= cfg.userSimilarity());
    }

    /** A question or a request: only those can be asked again. */
    private static boolean asks(MessageText t) {
        return QUESTION_OR_REQUEST.matcher(t.lower()).find();
    }

    /**
     * A short reply where each says something the other does not: a slot or value was replaced ("What time ..." /
     * "What date ..."). Longer replies that trade a word or two are rewordings of each other.
     */
    private static boolean swapped(Reply a, Reply b) {
        return Math.min(a.content().size(), b.content().size()) <= SLOT_PROMPT_WORDS
                && !a.meaningful().containsAll(b.meaningful()) && !b.meaningful().containsAll(a.meaningful());
    }

    private static boolean formula(List<String> sentence) {
        return ACKNOWLEDGEMENTS.containsAll(sentence) || FORMULA.matcher(String.join(" ", sentence)).find();
    }

    private static Set<String> markers(List<String> words) {
        Set<String> out = new HashSet<>();
        for (String w : words) {
            if (MARKERS.contains(w) || w.endsWith("n't")) {
                out.add(w);
            }
        }
        return out;
    }

    /** Content words plus the small words that change the meaning. */
    private static Set<String> meaningfulWords(List<String> words) {
        Set<String> out = Similarity.contentWords(words);
        for (String w : words) {
            if (MEANINGFUL_SMALL_WORDS.contains(w) || MARKERS.contains(w) || w.endsWith("n't")) {
                out.add(w);
            }
        }
        return out;
    }

    /** Tokens with digits and words capitalised inside a sentence ("Crow Canyon", "TV", "8:20"). */
    private static Set<String> names(String raw) {
        Set<String> out = new HashSet<>();
        Matcher m = RAW_WORD.matcher(raw);
        boolean sentenceStart = true;
        while (m.find()) {
            String w = m.group();
            if (!Character.isLetterOrDigit(w.charAt(0))) {
                sentenceStart = true;
                continue;
            }
            String lower = Text.normalize(w);
            boolean digits = w.chars().anyMatch(Character::isDigit);
            boolean name = !sentenceStart && Character.isUpperCase(w.charAt(0)) && !lower.equals("i")
                    && !Similarity.isStopword(lower);
            if (digits || name) {
                out.add(lower);
            }
            sentenceStart = false;
        }
        return out;
    }

    /**
     * The largest group of user messages asking the same thing as an anchor message, adding no names or numbers to
     * it. A message joins when it is lexically close to the anchor, or when it shares the anchor's subject (a
     * content word) and the replies so far have all ignored it, not one word in common ("pause my membership" /
     * "put my membership on hold"): task bots answer with values that share no words with the question, but they
     * stay on its subject. The group only counts when a reply to one of them ignored it.
     */
    private static List<Message> userGroup(DetectionContext ctx, List<MessageText> user, AnalysisConfig.Repetition cfg) {
        List<Message> bestGroup = List.of();
        for (int i = 0; i < user.size(); i++) {
            Set<String> anchorWords = user.get(i).contentWords();
            if (anchorWords.size() < 2) {
                continue;
            }
            Set<String> anchorNames = names(user.get(i).raw());
            List<Message> group = new ArrayList<>();
            group.add(user.get(i).message());
            boolean allIgnored = ignored(ctx, user.get(i));
            int unaddressed = addressed(ctx, user.get(i), Set.of()) ? 0 : 1;
            Set<String> seen = new HashSet<>(anchorWords);
            for (int j = i + 1; j < user.size(); j++) {
                MessageText again = user.get(j);
                boolean close = Similarity.jaccard(anchorWords, again.contentWords()) >= cfg.userSimilarity();
                boolean sameSubject = allIgnored && !Collections.disjoint(anchorWords, again.contentWords());
                if ((!close && !sameSubject) || !anchorNames.containsAll(names(again.raw()))) {
                    continue;
                }
                group.add(again.message());
                Set<String> novel = new HashSet<>(again.contentWords());
                novel.removeAll(seen);
                seen.addAll(novel);
                if (j < user.size() - 1) {
                    allIgnored &= ignored(ctx, again);
                    if (!addressed(ctx, again, novel)) {
                        unaddressed++;
                    }
                }
            }
            if (unaddressed > 0 && group.size() > bestGroup.size()) {
                bestGroup = group;
            }
        }
        return bestGroup;
    }

    /**
     * The next assistant reply shares no content word with the question and asks nothing back: a bot asking "Where
     * will you leave from?" is working on the request.
     */
    private static boolean ignored(DetectionContext ctx, MessageText question) {
        MessageText reply = nextReply(ctx, question);
        return reply != null && reply.raw().indexOf('?') < 0
                && Collections.disjoint(reply.contentWords(), question.contentWords());
    }

    private static MessageText nextReply(DetectionContext ctx, MessageText question) {
        List<MessageText> texts = ctx.texts();
        for (int k = question.position() + 1; k < texts.size(); k++) {
            Message m = texts.get(k).message();
            if (m.isUser()) {
                return null;
            }
            if (m.isAssistant() && !m.content().isBlank()) {
                return texts.get(k);
            }
        }
        return null;
    }

    /**
     * Did the next assistant reply (before the user spoke again) engage with the question: share at least half of
     * its content words, or any of the words it added to the subject ({@code novel}, "refund" in "will I get a
     * refund if I cancel my subscription")?
     */
    private static boolean addressed(DetectionContext ctx, MessageText question, Set<String> novel) {
        MessageText next = nextReply(ctx, question);
        if (next == null) {
            return false;
        }
        Set<String> reply = next.contentWords();
        if (!Collections.disjoint(reply, novel)) {
            return true;
        }
        int shared = 0;
        for (String w : question.contentWords()) {
            if (reply.contains(w)) {
                shared++;
            }
        }
        return shared * 2 >= question.contentWords().size();
    }
}
