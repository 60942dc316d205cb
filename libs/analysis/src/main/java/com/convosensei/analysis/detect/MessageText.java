package com.convosensei.analysis.detect;

import com.convosensei.analysis.model.Message;
import com.convosensei.analysis.text.Text;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A message with the derived forms detectors share, computed once per analysis. */
public final class MessageText {
    private final Message message;
    private final int position;
    private final String lower;
    private final List<String> words;
    private Set<String> wordSet;
    private Set<String> contentWords;
    private Set<String> shingles;
    private int shingleSize;

    MessageText(Message message, int position) {
        this.message = message;
        this.position = position;
        this.lower = Text.normalize(message.content());
        this.words = Text.words(lower);
    }

    public Message message() {
        return message;
    }

    /** Position in the conversation's message list (not necessarily equal to {@link Message#index()}). */
    public int position() {
        return position;
    }

    public String raw() {
        return message.content();
    }

    /** Lower-cased, quotes straightened, whitespace collapsed. */
    public String lower() {
        return lower;
    }

    public List<String> words() {
        return words;
    }

    public boolean hasWord(String w) {
        if (wordSet == null) {
            wordSet = new HashSet<>(words);
        }
        return wordSet.contains(w);
    }

    /** Content words (see {@link com.convosensei.analysis.text.Similarity#contentWords}), computed once. */
    public Set<String> contentWords() {
        if (contentWords == null) {
            contentWords = com.convosensei.analysis.text.Similarity.contentWords(words);
        }
        return contentWords;
    }

    /** Word n-grams of this size, computed once. */
    public Set<String> shingles(int size) {
        if (shingles == null || shingleSize != size) {
            shingles = com.convosensei.analysis.text.Similarity.ngrams(words, size).keySet();
            shingleSize = size;
        }
        return shingles;
    }

    /** Cheap gate before a regex: does the message contain any of these words? */
    public boolean hasAnyWord(Set<String> ws) {
        for (String w : words) {
            if (ws.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
