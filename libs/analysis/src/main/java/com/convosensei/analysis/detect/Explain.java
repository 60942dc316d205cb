package com.convosensei.analysis.detect;

import com.convosensei.analysis.model.Message;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Wording helpers so explanations read the same everywhere: "message 4", "messages 4, 6". People count messages
 * from 1 (the dashboard labels the first one "Message 1"), while {@link Message#index()} is 0-based.
 */
public final class Explain {
    private Explain() {
    }

    public static String messages(List<Message> ms) {
        if (ms.size() == 1) {
            return "message " + (ms.get(0).index() + 1);
        }
        return "messages " + ms.stream().map(m -> String.valueOf(m.index() + 1)).collect(Collectors.joining(", "));
    }

    public static String times(int n) {
        return switch (n) {
            case 1 -> "once";
            case 2 -> "twice";
            default -> n + " times";
        };
    }
}
