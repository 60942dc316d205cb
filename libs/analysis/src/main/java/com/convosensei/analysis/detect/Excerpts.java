package com.convosensei.analysis.detect;

import com.convosensei.analysis.pii.PiiMatch;
import com.convosensei.analysis.pii.PiiScanner;
import com.convosensei.analysis.text.Text;
import com.convosensei.contracts.failure.Evidence;
import com.convosensei.analysis.model.Message;
import java.util.List;

/**
 * Evidence excerpts: at most {@value #MAX} characters, centred on what triggered the detector, and always with
 * personal data masked (an excerpt is shown on the dashboard and sent to Slack).
 */
public final class Excerpts {
    public static final int MAX = 160;

    private Excerpts() {
    }

    public static Evidence evidence(Message m, String excerpt) {
        return new Evidence(m.id(), m.index(), excerpt);
    }

    /** The start of the message, masked and clipped. */
    public static Evidence of(Message m) {
        return evidence(m, around(m.content(), 0, 0));
    }

    /** A window of the message around {@code [start, end)}, masked and clipped. */
    public static Evidence of(Message m, int start, int end) {
        return evidence(m, around(m.content(), start, end));
    }

    public static String around(String text, int start, int end) {
        String flat = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        int from;
        int to;
        if (flat.length() <= MAX) {
            from = 0;
            to = flat.length();
        } else {
            int mid = (start + Math.max(start, end)) / 2;
            from = Math.max(0, Math.min(mid - MAX / 2, flat.length() - MAX));
            if (start - from < 20) {
                from = Math.max(0, start - 20);
            }
            to = Math.min(flat.length(), from + MAX);
            // never cut through personal data: widen the window over any match it touches, mask afterwards
            List<PiiMatch> pii = PiiScanner.scan(flat);
            for (PiiMatch p : pii) {
                if (p.overlaps(from, from + 1)) {
                    from = p.start();
                }
                if (p.overlaps(to - 1, to)) {
                    to = p.end();
                }
            }
        }
        String window = PiiScanner.mask(flat.substring(from, to)).strip().replaceAll(" {2,}", " ");
        String clipped = Text.clip(window, from > 0 ? MAX - 1 : MAX);
        return from > 0 ? "\u2026" + clipped : clipped;
    }
}
