package com.convosensei.processor.mail;

import java.util.Map;

/** One email ready to send: subject, both parts, extra headers (List-Unsubscribe on the weekly summary). */
public record RenderedMail(String subject, String html, String text, Map<String, String> headers) {
}
