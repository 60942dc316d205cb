package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorResponseDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"Traceback (most recent call last):\n  File \"bot.py\", line 3, in x\nKeyError: 'id'",
            "java.lang.NullPointerException\n\tat com.acme.Bot.run(Bot.java:12)", "500 Internal Server Error",
            "Sorry, something went wrong. Please try again later.", "{\"error\": \"overloaded\"}", "undefined",
            "I encountered an error while processing your request.", "Error: upstream request timed out"})
    void detect__errorReplies__found(String reply) {
        assertThat(finding(Convs.of().user("Where is my order?").bot(reply).analyze(), FailureType.ERROR_RESPONSE))
                .isPresent();
    }

    @Test
    void detect__emptyReply__highSeverity_butToolCallWithoutContent__notAnError() {
        Finding f = finding(Convs.of().user("hi").bot("").analyze(), FailureType.ERROR_RESPONSE).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding(Convs.of().user("hi").bot("", Map.of("tool_calls", java.util.List.of("x")))
                .bot("Hello!").analyze(), FailureType.ERROR_RESPONSE)).isEmpty();
    }

    @Test
    void detect__metadataFlags__found() {
        for (Map<String, Object> md : java.util.List.<Map<String, Object>>of(Map.of("error", true),
                Map.of("status", "error"), Map.of("tool_error", true), Map.of("is_error", true))) {
            assertThat(finding(Convs.of().user("hi").bot("One moment.", md).analyze(), FailureType.ERROR_RESPONSE))
                    .as(md.toString()).isPresent();
        }
        assertThat(finding(Convs.of().user("hi").tool("Timeout calling inventory service", Map.of())
                .bot("Sorry, let me retry.").analyze(), FailureType.ERROR_RESPONSE)).get()
                .extracting(Finding::severity).isEqualTo(Severity.LOW);
    }

    @Test
    void detect__userPastesOwnStackTrace__notABotError() {
        assertThat(finding(Convs.of().user("Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'a'")
                .bot("That KeyError means the key is missing from your config.").analyze(), FailureType.ERROR_RESPONSE))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"If you see 'Something went wrong' at checkout, clear your cache.",
            "A 500 Internal Server Error means our server had a hiccup; it's fixed now.",
            "It looks like something went wrong with your delivery: the courier couldn't get in.",
            "There was an error in the address you entered: the postcode is incomplete."})
    void detect__explainingErrors__notAnError(String reply) {
        assertThat(finding(Convs.of().user("What happened?").bot(reply).analyze(), FailureType.ERROR_RESPONSE)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sorry, I couldn't set that alarm for you. Anything else?",
            "I'm afraid I was unable to send the money to Priya. Shall I try a smaller amount?",
            "Apologies, the train tickets could not be reserved. Would a later departure work?",
            "Unfortunately your payment didn't go through. Do you want to retry?",
            "I tried to add the event to your calendar, but it failed.",
            "The song request was unsuccessful, sorry about that.",
            "Sorry, that time slot is no longer available. How about 4 pm?",
            "Oops, something seems to have gone wrong and the ride wasn't booked.",
            "I can't book that room right now. Would you like me to look elsewhere?"})
    void detect__politeTaskFailures__found(String reply) {
        assertThat(finding(Convs.of().user("Please go ahead.").bot(reply).analyze(), FailureType.ERROR_RESPONSE))
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"I'm sorry to hear your payment failed at the store. Here is how to retry it.",
            "Your booking is confirmed. Unfortunately the venue doesn't allow pets.",
            "I couldn't agree more, it's a lovely place!", "I can't wait for the weekend either.",
            "Wifi is not available at this property, but parking is free.",
            "I can't change the account owner for security reasons."})
    void detect__restatementsAndChat__notAFailure(String reply) {
        assertThat(finding(Convs.of().user("Tell me more.").bot(reply).analyze(), FailureType.ERROR_RESPONSE)).isEmpty();
    }
}
