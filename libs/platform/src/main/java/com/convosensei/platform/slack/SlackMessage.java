package com.convosensei.platform.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds an incoming-webhook message: {@code {"text": ..., "blocks": [...]}} with Block Kit blocks. {@code text} is
 * the notification/fallback line (always set); the blocks are what Slack renders.
 * <pre>
 * String json = SlackMessage.text("Conversation failing: user_frustration")
 *         .header("Sensei alert")
 *         .section("*Health* 23/100 - user asked for a human three times")
 *         .fields("*Type*\nuser_frustration", "*Severity*\nhigh")
 *         .context("production - conv 42")
 *         .button("Open in Sensei", "https://sensei.example.com/conversations/42")
 *         .toJson();
 * </pre>
 * Text passed to {@link #section}, {@link #fields} and {@link #context} is mrkdwn; use {@link #escape} on
 * user-supplied text so {@code <}, {@code >} and {@code &} cannot forge links or mentions.
 */
public final class SlackMessage {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Slack truncates/refuses longer section text (3000 chars) and button text (75 chars). */
    private static final int MAX_SECTION = 3000;
    private static final int MAX_BUTTON_TEXT = 75;
    private static final int MAX_HEADER = 150;

    private final ObjectNode root = MAPPER.createObjectNode();
    private final ArrayNode blocks = MAPPER.createArrayNode();
    private ArrayNode actions;

    private SlackMessage(String text) {
        root.put("text", text);
    }

    /** Starts a message with its fallback/notification text (plain text; Slack shows it in notifications). */
    public static SlackMessage text(String text) {
        return new SlackMessage(text == null ? "" : text);
    }

    public SlackMessage header(String plainText) {
        ObjectNode block = blocks.addObject().put("type", "header");
        block.putObject("text").put("type", "plain_text").put("text", cut(plainText, MAX_HEADER));
        return this;
    }

    public SlackMessage section(String mrkdwn) {
        ObjectNode block = blocks.addObject().put("type", "section");
        block.putObject("text").put("type", "mrkdwn").put("text", cut(mrkdwn, MAX_SECTION));
        return this;
    }

    /** A section laid out as a two-column grid of short mrkdwn fields (Slack allows up to 10). */
    public SlackMessage fields(String... mrkdwnFields) {
        ObjectNode block = blocks.addObject().put("type", "section");
        ArrayNode fields = block.putArray("fields");
        for (int i = 0; i < Math.min(10, mrkdwnFields.length); i++) {
            fields.addObject().put("type", "mrkdwn").put("text", cut(mrkdwnFields[i], 2000));
        }
        return this;
    }

    /** Small grey line(s) under the content. */
    public SlackMessage context(String... mrkdwnElements) {
        ObjectNode block = blocks.addObject().put("type", "context");
        ArrayNode elements = block.putArray("elements");
        for (int i = 0; i < Math.min(10, mrkdwnElements.length); i++) {
            elements.addObject().put("type", "mrkdwn").put("text", cut(mrkdwnElements[i], MAX_SECTION));
        }
        return this;
    }

    public SlackMessage divider() {
        blocks.addObject().put("type", "divider");
        return this;
    }

    /** A link button; consecutive buttons share one actions block. */
    public SlackMessage button(String label, String url) {
        if (actions == null) {
            actions = blocks.addObject().put("type", "actions").putArray("elements");
        }
        ObjectNode button = actions.addObject().put("type", "button").put("url", url);
        button.putObject("text").put("type", "plain_text").put("text", cut(label, MAX_BUTTON_TEXT));
        return this;
    }

    public ObjectNode toNode() {
        ObjectNode copy = root.deepCopy();
        if (!blocks.isEmpty()) {
            copy.set("blocks", blocks.deepCopy());
        }
        return copy;
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(toNode());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** Escapes the three characters Slack mrkdwn treats as control characters. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        String v = s == null ? "" : s;
        return v.length() <= max ? v : v.substring(0, max - 1) + "\u2026";
    }
}
