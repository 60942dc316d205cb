package com.convosensei.dashboard.service;

import com.convosensei.contracts.Page;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * Streams a filtered list as CSV or JSON Lines: the list's own keyset query, {@code chunk} rows at a time, each page
 * fetched only once the previous one has been written to the client (back-pressure), so memory holds one page
 * whatever the size of the export. At most {@code max-rows} rows (1,000,000 by default); a narrower filter gets the
 * rest. Rows are exactly what the list endpoint returns (same masking), one JSON object per line for JSONL.
 */
@ApplicationScoped
public class ListExport {

    /** A page of at most {@code limit} rows after {@code cursor} (null: the first page). */
    @FunctionalInterface
    public interface PageSource<T> {
        Uni<Page<T>> page(int limit, String cursor);
    }

    public enum Format {
        CSV("text/csv; charset=utf-8"), JSONL("application/x-ndjson; charset=utf-8");

        public final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String extension() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** CSV column names and how to read them from a row. */
    public record Columns<T>(List<String> names, Function<T, List<?>> values) {
    }

    private final ObjectMapper mapper;
    private final Clock clock;
    private final long maxRows;
    private final int chunk;

    public ListExport(ObjectMapper mapper, Clock clock,
                      @ConfigProperty(name = "sensei.dashboard.export.max-rows", defaultValue = "1000000") long maxRows,
                      @ConfigProperty(name = "sensei.dashboard.export.chunk", defaultValue = "500") int chunk) {
        this.mapper = mapper;
        this.clock = clock;
        this.maxRows = maxRows;
        this.chunk = chunk;
    }

    public long maxRows() {
        return maxRows;
    }

    /** The download: {@code sensei-<what>-<UTC date>.<ext>} as an attachment. */
    public <T> RestMulti<Buffer> stream(String what, Format format, Columns<T> columns, PageSource<T> source) {
        Multi<Buffer> rows = pages(source).map(items -> encode(format, columns, items));
        Multi<Buffer> body = format == Format.CSV
                ? Multi.createBy().concatenating().streams(
                        Multi.createFrom().item(Buffer.buffer(Csv.line(columns.names()))), rows)
                : rows;
        String filename = "sensei-" + what + "-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + "." + format.extension();
        return RestMulti.fromMultiData(body.onFailure().invoke(e -> Log.warnf(e, "export of %s failed mid-stream", what)))
                .status(200)
                .header("Content-Type", format.contentType)
                .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .header("Cache-Control", "no-store")
                .header("X-Export-Max-Rows", Long.toString(maxRows))
                .build();
    }

    private <T> Multi<List<T>> pages(PageSource<T> source) {
        final class Progress {
            String cursor;
            long written;
            boolean last;
        }
        // state per subscription
        return Multi.createFrom().deferred(() -> {
            Progress progress = new Progress();
            return Multi.createBy().repeating()
                .uni(() -> progress, p -> source.page((int) Math.min(chunk, maxRows - p.written), p.cursor)
                        .invoke(page -> {
                            p.written += page.items().size();
                            p.cursor = page.nextCursor();
                            p.last = p.cursor == null || p.written >= maxRows;
                        }))
                    .whilst(page -> !progress.last)
                    .map(Page::items)
                    .filter(items -> !items.isEmpty());
        });
    }

    private <T> Buffer encode(Format format, Columns<T> columns, List<T> items) {
        StringBuilder out = new StringBuilder(items.size() * 256);
        for (T item : items) {
            if (format == Format.CSV) {
                out.append(Csv.line(columns.values().apply(item)));
            } else {
                try {
                    out.append(mapper.writeValueAsString(item)).append('\n');
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("row not serialisable", e);
                }
            }
        }
        return Buffer.buffer(out.toString());
    }
}
