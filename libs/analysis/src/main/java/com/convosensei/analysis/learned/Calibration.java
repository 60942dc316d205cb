package com.convosensei.analysis.learned;

/**
 * How the rule and the model agree on one message, as one calibrated probability:
 * {@code P = sigmoid(modelWeight * logit(p_model) + ruleWeight * ruleHit + bias)}, fitted on out-of-fold
 * predictions of the train part; {@code threshold} is where a conversation's highest P becomes a finding, and
 * {@code [uncertainLow, threshold)} is the band the optional LLM judge is asked about.
 */
public record Calibration(double modelWeight, double ruleWeight, double bias, double threshold, double uncertainLow) {

    public double probability(double pModel, boolean ruleHit) {
        return LinearHead.sigmoid(modelWeight * LinearHead.logit(pModel) + (ruleHit ? ruleWeight : 0) + bias);
    }
}
