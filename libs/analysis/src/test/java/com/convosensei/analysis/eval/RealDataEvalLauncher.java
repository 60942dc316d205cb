package com.convosensei.analysis.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** `make eval`: prints the real-data table (and writes it to target/eval-report.md). Off in `make test`. */
@EnabledIfSystemProperty(named = "eval", matches = "true")
class RealDataEvalLauncher {

    @Test
    void printRealDataTable() throws Exception {
        String table = RealDataReport.run();
        System.out.println(table);
        Files.writeString(Path.of("target/eval-report.md"), table);
        String fires = System.getProperty("eval.fires");
        if (fires != null && !fires.isBlank()) {
            String[] dt = fires.split(":");
            RealDataReport.fires(dt[0], dt[1], 30).forEach(System.out::println);
        }
        String errors = System.getProperty("eval.errors");
        if (errors != null && !errors.isBlank()) {
            String[] dt = errors.split(":");
            boolean holdout = dt.length > 2 && dt[2].equals("holdout");
            RealDataReport.errors(dt[0], dt[1], holdout, 40).forEach(System.out::println);
        }
    }
}
