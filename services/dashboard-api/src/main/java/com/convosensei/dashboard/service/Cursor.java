package com.convosensei.dashboard.service;

import com.convosensei.platform.error.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Opaque keyset cursors: base64url of {@code kind \n part \n part ...} plus a CRC32, so a cursor names the sort it
 * was issued for (a cursor from another list or sort is refused) and an edited cursor is refused instead of silently
 * jumping somewhere. The checksum is not a secret: a forged cursor can only point at rows the caller may read anyway.
 */
public final class Cursor {

    public static final String PARAM = "cursor";
    private static final char SEP = '\n';

    private Cursor() {
    }

    public static String encode(String kind, String... parts) {
        StringBuilder payload = new StringBuilder(kind);
        for (String part : parts) {
            payload.append(SEP).append(part);
        }
        byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteBuffer out = ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    }

    /** The cursor's parts; 400 naming {@code cursor} unless it is intact, of {@code kind} and has {@code count} parts. */
    public static List<String> decode(String raw, String kind, int count) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(raw);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length < 5) {
            throw invalid();
        }
        byte[] body = Arrays.copyOf(bytes, bytes.length - 4);
        CRC32 crc = new CRC32();
        crc.update(body);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw invalid();
        }
        List<String> parts = List.of(new String(body, StandardCharsets.UTF_8).split(String.valueOf(SEP), -1));
        if (!parts.get(0).equals(kind)) {
            throw ApiException.badRequest(PARAM, "was issued for a different list or sort order; start again without it");
        }
        if (parts.size() != count + 1) {
            throw invalid();
        }
        return parts.subList(1, parts.size());
    }

    public static ApiException invalid() {
        return ApiException.badRequest(PARAM, "is not a cursor this API issued (pass next_cursor back unchanged)");
    }

    /** Timestamps travel as epoch microseconds: exactly PostgreSQL's precision, so keyset comparisons never drift. */
    public static String micros(OffsetDateTime t) {
        Instant i = t.toInstant();
        return Long.toString(Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000));
    }

    public static OffsetDateTime parseMicros(String part) {
        try {
            long micros = Long.parseLong(part);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                    .atOffset(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    public static java.util.UUID parseUuid(String part) {
        try {
            return java.util.UUID.fromString(part);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    public static long parseLong(String part) {
        try {
            return Long.parseLong(part);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    public static double parseDouble(String part) {
        try {
            double d = Double.parseDouble(part);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw invalid();
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }
}
