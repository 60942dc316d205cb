package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EscalationRequestDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"Can I talk to a real person?", "I want to speak to a human", "get me a manager",
            "Please transfer me to customer service", "Can you open a support ticket?", "Can someone call me back?",
            "I need a supervisor", "human please", "agent", "put me in touch with someone in sales",
            "I want to talk to your boss", "could you help me reaching an operator", "how can i chat w someone",
            "need to contact somebody asap", "I want help talking with a damn person", "talkk to an agent",
            "Can I speak to customer service?", "let me talk to someone real", "Operator!",
            "I'd rather chat with a person than a bot", "is it possible to get in touch with a human being?"})
    void detect__requestsForAHuman__found(String text) {
        assertThat(finding(Convs.of().user("My order is late").bot("It ships tomorrow.").user(text).bot("Sure.")
                .analyze(), FailureType.ESCALATION_REQUEST)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Can you escalate the priority of my order?", "The agent I talked to yesterday said it shipped",
            "How do I set the callback URL for webhooks?", "I don't need to talk to anyone, just tell me the status",
            "I bought tickets for the concert", "Hi, call me Sam. Where is my parcel?",
            "My manager needs a copy of the invoice", "I work as a real estate agent", "are you a bot?",
            "Am I chatting with a real person?", "is this an actual human or a program", "are you a live agent?",
            "my daughter is a real person, not a number", "I was talking to an agent and the line dropped",
            "I need to run this by my supervisor first", "I'd like to file a complaint about the courier",
            "what number can I call them at to check opening hours?"})
    void detect__hardNegatives__notFound(String text) {
        assertThat(finding(Convs.of().user(text).bot("Sure.").analyze(), FailureType.ESCALATION_REQUEST)).isEmpty();
    }

    @Test
    void detect__askedTwice__highSeverity_andReadableExplanation() {
        Finding f = finding(Convs.of().user("Where's my refund?").bot("Processing.").user("I want a human.")
                .bot("I can help too!").user("Let me talk to an actual person").bot("Connecting you.").analyze(),
                FailureType.ESCALATION_REQUEST).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        // the rule's reason, then the model's calibrated probability for the same messages
        assertThat(f.explanation()).matches("User asked for a human agent twice \\(messages 3, 5; model agrees, 0\\.\\d\\d\\)\\.");
    }

    @Test
    void detect__assistantOfferingAHuman__isNotAUserRequest() {
        assertThat(finding(Convs.of().user("My order is wrong").bot("I can connect you with a human agent if you like.")
                .user("no thanks, it's fine").analyze(), FailureType.ESCALATION_REQUEST)).isEmpty();
    }
}
