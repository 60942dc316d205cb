package com.convosensei.analysis.detect;

import static com.convosensei.analysis.detect.DetectorAssertions.finding;
import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.Convs;
import com.convosensei.analysis.Finding;
import com.convosensei.contracts.failure.FailureType;
import com.convosensei.contracts.failure.Severity;
import org.junit.jupiter.api.Test;

class RepetitionLoopDetectorTest {

    @Test
    void detect__assistantRepeatsNearIdenticalAnswer__found() {
        Finding f = finding(Convs.of().user("How do I get a refund for order 5512?")
                .bot("I'm sorry, I didn't quite understand that. Could you rephrase your question?")
                .user("A refund. For my order.")
                .bot("Sorry, I didn't understand that. Could you please rephrase your question?")
                .analyze(), FailureType.REPETITION_LOOP).orElseThrow();
        assertThat(f.evidence()).extracting(e -> e.messageId()).contains("m1", "m3");
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void detect__sameAnswerThreeTimes__highSeverity() {
        String a = "You can find more information about this in our Help Center.";
        Finding f = finding(Convs.of().user("q1 about billing").bot(a).user("no, my invoice").bot(a)
                .user("my INVOICE").bot(a).analyze(), FailureType.REPETITION_LOOP).orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void detect__userAsksSameQuestionThreeTimes_repliesIgnoreIt__found() {
        assertThat(finding(Convs.of().user("How do I change the delivery address for my order?")
                .bot("Our plans start at $9 per month.").user("I need to change the delivery address on my order")
                .bot("We're available 24/7.").user("Where can I change my order's delivery address?")
                .bot("Many customers like our guide.").analyze(), FailureType.REPETITION_LOOP)).isPresent();
    }

    @Test
    void detect__sameTopicFollowUpsThatGetAnswered__notALoop() {
        assertThat(finding(Convs.of().user("How do I cancel my subscription?")
                .bot("Go to Billing > Plan and click 'Cancel subscription'.")
                .user("Will I get a refund if I cancel my subscription now?")
                .bot("You keep access until the end of the period; unused months aren't refunded.")
                .user("When does my subscription end after I cancel?").bot("On the 14th.")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__similarlyStructuredButDifferentAnswers__notALoop() {
        assertThat(finding(Convs.of().user("How do I change my billing email?")
                .bot("Go to Settings > Billing, click Edit next to the billing email and save.")
                .user("And my company address?")
                .bot("Go to Settings > Company, click Edit next to the address and save.")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__shortRepeatedPleasantries__ignored() {
        assertThat(finding(Convs.of().user("thanks").bot("You're welcome!").user("bye").bot("You're welcome!")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__templateRepliesThatDifferInTheValues__notALoop() {
        assertThat(finding(Convs.of().user("I need a train to Leeds on Friday morning")
                .bot("The 9:15 train to Leeds leaves from platform 4 and costs £23.")
                .user("Is there a later one?")
                .bot("The 10:05 train to Leeds leaves from platform 2 and costs £19.")
                .user("And after that?")
                .bot("The 11:40 train to Leeds leaves from platform 4 and costs £19.")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__slotPromptsAboutDifferentSlots__notALoop() {
        assertThat(finding(Convs.of().user("Book me a flight please")
                .bot("Which city are you flying from?").user("Denver")
                .bot("Which city are you flying to?").user("Boston")
                .bot("What date would you like to leave on?").user("May 3rd")
                .bot("What date would you like to come back on?").user("May 9th")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
        assertThat(finding(Convs.of().user("I want to book a room in Porto")
                .bot("What is your check-in date?").user("June 2nd")
                .bot("What is your check-out date?").user("June 5th")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__sameSentenceAgainWithNothingNew__found() {
        Finding f = finding(Convs.of().user("Can you tell me why my parcel is late?")
                .bot("I can only help with opening hours and store locations. What would you like to know?")
                .user("It was due on Monday")
                .bot("I can only help with opening hours and store locations. Try asking me about those!")
                .analyze(), FailureType.REPETITION_LOOP).orElseThrow();
        assertThat(f.evidence()).extracting(e -> e.messageId()).containsExactly("m1", "m3");
        assertThat(f.explanation()).contains("I can only help with opening hours and store locations");
    }

    @Test
    void detect__shortReplyThreeTimes__found_twice__notYet() {
        Convs twice = Convs.of().user("what's the capital of Peru?").bot("I don't know.")
                .user("do you know any capitals?").bot("I don't know.");
        assertThat(finding(twice.analyze(), FailureType.REPETITION_LOOP)).isEmpty();
        assertThat(finding(twice.user("ok, what can you do?").bot("I don't know.").analyze(),
                FailureType.REPETITION_LOOP)).isPresent();
    }

    @Test
    void detect__formulasRepeated__notALoop() {
        assertThat(finding(Convs.of().user("Book a table for two at 8").bot("Done, your table is booked.")
                .bot("Is there anything else I can help you with?").user("Also a taxi at 7:30")
                .bot("Your taxi has been booked.").bot("Is there anything else I can help you with?")
                .user("no").bot("Have a great evening!").analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__userAskedToHearItAgain__notALoop() {
        assertThat(finding(Convs.of().user("Where is the Fillmore?")
                .bot("The Fillmore is at 1805 Geary Boulevard.")
                .user("Great, book two tickets for Saturday").bot("Your tickets are booked.")
                .user("Sorry, what was the address again?")
                .bot("The Fillmore is at 1805 Geary Boulevard.")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__userAddsOneConstraintAtATime__notALoop() {
        assertThat(finding(Convs.of().user("Can you find an Italian restaurant in Oakland?")
                .bot("Sure: Belotti Ristorante on College Avenue.")
                .user("Can you find an Italian restaurant in Oakland with outdoor seating?")
                .bot("Bellanico has a patio.")
                .user("Can you find an Italian restaurant in Oakland with outdoor seating that is open after 10 pm?")
                .bot("Pizzaiolo on Telegraph is open until 11.")
                .analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }

    @Test
    void detect__userAsksForMoreOptions__notALoop() {
        assertThat(finding(Convs.of().user("Show me hotels near the beach in Nice")
                .bot("Hotel Negresco is on the Promenade des Anglais.").user("Are there any other hotels near the beach?")
                .bot("Le Meridien is across the road from the beach.").user("Any other hotels near the beach?")
                .bot("Hotel West End is also on the seafront.").user("Any other hotels near the beach, cheaper?")
                .bot("Hotel Suisse has rooms from 140 euros.").analyze(), FailureType.REPETITION_LOOP)).isEmpty();
    }
}
