package com.convosensei.analysis.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** `make eval`: prints usage patterns vs Bitext intents (and writes it to target/pattern-eval.md). Off in `make test`. */
@EnabledIfSystemProperty(named = "eval", matches = "true")
class PatternEvalLauncher {

    @Test
    void printPatternTable() throws Exception {
        String table = PatternEvaluation.run();
        System.out.println(table);
        Files.writeString(Path.of("target/pattern-eval.md"), table);
    }
}
