package com.convosensei.analysis.learned;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** `make train`: distils the static embedding table (-Dtrain=table|all) and fits the heads (-Dtrain=heads|all). */
@EnabledIfSystemProperty(named = "train", matches = "table|heads|all")
class TrainLauncher {

    @Test
    void train() throws Exception {
        String what = System.getProperty("train");
        if (what.equals("table") || what.equals("all")) {
            StaticTableDistiller.distill();
        }
        if (what.equals("heads") || what.equals("all")) {
            HeadTrainer.train();
        }
    }
}
