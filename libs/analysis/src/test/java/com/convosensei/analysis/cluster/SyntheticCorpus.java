package com.convosensei.analysis.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Conversations from known topics, with varied wording and shared filler, for clustering tests. */
final class SyntheticCorpus {

    record Doc(String id, String text, String group) {
    }

    static final String[][] GROUPS = {
        {"refund", "I want a refund for my order", "please refund the charge on my card", "refund still not received",
            "how long does a refund take", "can I get my money back, refund please", "the refund amount was wrong"},
        {"password", "I forgot my password and cannot log in", "the password reset email never arrives",
            "reset password link expired", "how do I change my password", "locked out, password not accepted",
            "password reset does not work on mobile"},
        {"delivery", "my parcel delivery is late", "the courier has not delivered my package",
            "tracking shows delivery delayed again", "when will my parcel be delivered", "delivery address wrong on parcel",
            "package delivery stuck in transit"},
        {"crash", "the app crashes when I open the camera", "app keeps crashing after the update",
            "crash on startup on my android phone", "the ios app crashes during checkout", "crash when uploading photos",
            "app freezes then crashes"},
    };
    private static final String[] FILLER = {"hi there", "hello", "thanks", "please help", "urgent", "today",
        "quick question", "again", "since yesterday", "on my account"};

    static List<Doc> make(int perGroup, long seed) {
        Random rnd = new Random(seed);
        List<Doc> out = new ArrayList<>();
        int id = 0;
        for (int k = 0; k < perGroup; k++) {
            for (String[] g : GROUPS) {
                String text = FILLER[rnd.nextInt(FILLER.length)] + ", " + g[1 + rnd.nextInt(g.length - 1)] + ". "
                        + g[1 + rnd.nextInt(g.length - 1)] + " " + FILLER[rnd.nextInt(FILLER.length)];
                out.add(new Doc("d" + id++, text, g[0]));
            }
        }
        return out;
    }

    static List<ClusterInput> inputs(List<Doc> docs) {
        List<ClusterInput> in = new ArrayList<>();
        for (Doc d : docs) {
            boolean bad = d.group().equals("crash");
            in.add(new ClusterInput(d.id(), d.text(), bad ? 40.0 : 90.0, bad ? Set.of("error_response") : Set.of()));
        }
        return in;
    }

    private SyntheticCorpus() {
    }
}
