package com.convosensei.analysis.detect;

import com.convosensei.analysis.AnalysisConfig;
import com.convosensei.analysis.Finding;
import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.Similarity;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The conversation goes in circles: the assistant gives (nearly) the same answer again, or the user asks the same
 * thing three or more times in different words. Assistant replies compare on word n-grams (near-duplicate
 * similarity); user messages on their content words, since rephrasings change the filler, not the subject.
 * Asking about one subject in several turns is not a loop when the replies address the questions ("cancel my
 * subscription" / "refund if I cancel my subscription?"): a user group only counts when at least one of its
 * questions got a reply that shares less than half of its content words.
 */
public final class RepetitionLoopDetector implements FailureDetector {

    /**
     * Did the next assistant reply (before the user spoke again) engage with the question: share at least half of
     * its content words, or any of the words it added to the subject ({@code novel}, "refund" in "will I get a
     * refund if I cancel my subscription")?
     */
    private static boolean addressed(DetectionContext ctx, MessageText question, Set<String> questionWords,
                                     Set<String> novel) {
        List<MessageText> texts = ctx.texts();
        for (int k = question.position() + 1; k < texts.size(); k++) {
            Message m = texts.get(k).message();
            if (m.isUser()) {
                return false;
            }
            if (m.isAssistant() && !m.content().isBlank()) {
                Set<String> reply = texts.get(k).contentWords();
                int shared = 0;
                for (String w : questionWords) {
                    if (reply.contains(w)) {
                        shared++;
                    }
                }
                for (String w : novel) {
                    if (reply.contains(w)) {
                        return true;
                    }
                }
                return shared * 2 >= questionWords.size();
            }
        }
        return false;
    }

    private static boolean sharesAny(Set<String> a, Set<String> b) {
        for (String w : a) {
            if (b.contains(w)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public FailureType type() {
        return FailureType.REPETITION_LOOP;
    }

    @Override
    public List<Finding> detect(DetectionContext ctx) {
        AnalysisConfig.Repetition cfg = ctx.config().repetition();
        List<MessageText> assistant = new ArrayList<>();
        List<MessageText> user = new ArrayList<>();
        for (MessageText t : ctx.texts()) {
            if (t.message().isAssistant() && t.words().size() >= cfg.minAssistantTokens()) {
                assistant.add(t);
            } else if (t.message().isUser() && t.words().size() >= cfg.minUserTokens()) {
                user.add(t);
            }
        }

        // assistant: every reply that nearly repeats an earlier one
        Set<Message> assistantLoop = new LinkedHashSet<>();
        int repeats = 0;
        for (int i = 1; i < assistant.size(); i++) {
            for (int j = 0; j < i; j++) {
                MessageText a = assistant.get(j);
                MessageText b = assistant.get(i);
                double sim = Similarity.nearDuplicate(a.shingles(cfg.shingleSize()), a.contentWords(),
                        b.shingles(cfg.shingleSize()), b.contentWords());
                if (sim >= cfg.assistantSimilarity()) {
                    repeats++;
                    assistantLoop.add(assistant.get(j).message());
                    assistantLoop.add(assistant.get(i).message());
                    break;
                }
            }
        }
        boolean assistantLooping = repeats >= cfg.minAssistantRepeats();

        // user: the largest group of messages asking the same thing as an anchor message. A message joins the group
        // when it is lexically close to the anchor, or when it shares the anchor's subject (a content word) and the
        // replies so far have all ignored the subject: "pause my membership" / "put my membership on hold".
        List<Set<String>> content = new ArrayList<>();
        for (MessageText t : user) {
            content.add(t.contentWords());
        }
        List<Message> bestGroup = List.of();
        for (int i = 0; i < user.size(); i++) {
            if (content.get(i).size() < 2) {
                continue;
            }
            List<Message> group = new ArrayList<>();
            group.add(user.get(i).message());
            boolean anchorAnswered = addressed(ctx, user.get(i), content.get(i), Set.of());
            int unaddressed = anchorAnswered ? 0 : 1;
            boolean allIgnored = !anchorAnswered;
            Set<String> seen = new HashSet<>(content.get(i));
            for (int j = i + 1; j < user.size(); j++) {
                boolean close = Similarity.jaccard(content.get(i), content.get(j)) >= cfg.userSimilarity();
                boolean sameSubject = allIgnored && sharesAny(content.get(i), content.get(j));
                if (!close && !sameSubject) {
                    continue;
                }
                group.add(user.get(j).message());
                Set<String> novel = new HashSet<>(content.get(j));
                novel.removeAll(seen);
                seen.addAll(content.get(j));
                if (j < user.size() - 1) {
                    if (addressed(ctx, user.get(j), content.get(j), novel)) {
                        allIgnored = false;
                    } else {
                        unaddressed++;
                    }
                }
            }
            if (unaddressed > 0 && group.size() > bestGroup.size()) {
                bestGroup = group;
            }
        }
        boolean userLooping = bestGroup.size() >= cfg.minUserRephrasings();

        if (!assistantLooping && !userLooping) {
            return List.of();
        }
        List<Evidence> evidence = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        List<Message> anchors = new ArrayList<>();
        if (assistantLooping) {
            List<Message> ms = new ArrayList<>(assistantLoop);
            ms.stream().limit(4).forEach(m -> evidence.add(Excerpts.of(m)));
            parts.add("Assistant repeated the same answer " + Explain.times(repeats) + " (" + Explain.messages(ms) + ")");
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
}
