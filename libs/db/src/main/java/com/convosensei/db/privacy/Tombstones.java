package com.convosensei.db.privacy;

/**
 * SQL of {@code erasure_tombstones} (V9) and the lock that makes an erasure and a concurrent ingest write agree.
 * <p>
 * The race it closes: an ingest transaction that read no tombstone, then commits a conversation after the erasure's
 * delete ran, would bring erased data back. So every ingest write transaction takes {@link #INGEST_LOCK} shared (many
 * ingest writes run at once) before reading tombstones, and an erasure records its tombstones under the same lock
 * taken exclusively: the erasure waits for ingest writes in flight to commit (its delete then sees them), and every
 * ingest write after it sees the tombstone. The exclusive hold lasts only the tombstone insert.
 */
public final class Tombstones {

    /** pg advisory lock key (arbitrary constant, distinct from the pattern run lock). */
    public static final long INGEST_LOCK = 0x5E45E1E4A5E0L;

    /** $1 = kind, $2 = ref_hash. A repeated erasure moves erased_at forward (data received before it is dropped). */
    public static final String UPSERT = """
            insert into erasure_tombstones (kind, ref_hash) values ($1, $2)
            on conflict (kind, ref_hash) do update set erased_at = now()""";

    /** $1 = text[] of kinds, $2 = text[] of ref hashes (pairwise). */
    public static final String FIND = """
            select t.kind, t.ref_hash, t.erased_at from erasure_tombstones t
            join unnest($1::text[], $2::text[]) as q(kind, ref_hash) on t.kind = q.kind and t.ref_hash = q.ref_hash""";

    private Tombstones() {
    }
}
