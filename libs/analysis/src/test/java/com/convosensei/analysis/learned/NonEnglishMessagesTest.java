package com.convosensei.analysis.learned;

import static org.assertj.core.api.Assertions.assertThat;

import com.convosensei.analysis.AnalysisResult;
import com.convosensei.analysis.Convs;
import com.convosensei.analysis.text.Text;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The heads were trained on English only; benign messages in other languages must not come out as failures (a bag
 * of unfamiliar word pieces easily looks like anything to a linear head).
 */
class NonEnglishMessagesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // German
        "Hallo, ich möchte wissen, wann mein Paket ankommt. Die Bestellnummer ist 48213."
                + " | Ihr Paket wurde verschickt und kommt am Donnerstag an."
                + " | Können Sie mir bitte die Sendungsnummer schicken? Ich würde gerne selbst nachsehen."
                + " | Gern, die Sendungsnummer lautet 1Z 999 AA1 01 2345 6784."
                + " | Vielen Dank, das ist sehr hilfreich! Einen schönen Tag noch.",
        // Spanish
        "Hola, quisiera saber cuándo llega mi pedido, el número es 48213."
                + " | Su pedido salió el lunes y llegará el jueves."
                + " | ¿Me puede mandar el número de seguimiento, por favor? Quiero revisarlo yo mismo."
                + " | Claro, el número de seguimiento es 1Z 999 AA1 01 2345 6784."
                + " | Muchas gracias, muy amable. Que tenga un buen día.",
        // French
        "Bonjour, je voudrais savoir quand ma commande arrivera, le numéro est 48213."
                + " | Votre commande a été expédiée lundi et arrivera jeudi."
                + " | Pourriez-vous m'envoyer le numéro de suivi, s'il vous plaît ? Je voudrais vérifier moi-même."
                + " | Bien sûr, le numéro de suivi est 1Z 999 AA1 01 2345 6784."
                + " | Merci beaucoup, c'est parfait. Bonne journée à vous."})
    void analyze__benignConversationInAnotherLanguage__hasNoFindings(String user1, String bot1, String user2,
                                                                      String bot2, String user3) {
        AnalysisResult r = Convs.of().user(user1).bot(bot1).user(user2).bot(bot2).user(user3).bot("😊").ended()
                .analyze();
        assertThat(r.findings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Können Sie mir bitte die Sendungsnummer schicken? Ich würde gerne selbst nachsehen.",
        "Ich möchte mein Passwort ändern, weil ich es vergessen habe.",
        "¿Me puede mandar el número de seguimiento, por favor? Quiero revisarlo yo mismo.",
        "Quisiera cambiar la dirección de entrega de mi pedido.",
        "Pourriez-vous m'envoyer le numéro de suivi, s'il vous plaît ?",
        "Je voudrais changer l'adresse de livraison de ma commande."})
    void language__longerUserMessagesInGermanSpanishFrench__areNotEnglish(String text) {
        assertThat(Language.isEnglish(Text.words(Text.normalize(text)))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "7 pm", "Where is my parcel? It has been a week.",
            "I want to change the delivery address of my order."})
    void language__englishAndShortMessages__areEnglish(String text) {
        assertThat(Language.isEnglish(Text.words(Text.normalize(text)))).isTrue();
    }
}
