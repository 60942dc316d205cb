-- pgvector similarity search where the extension can be had (Supabase); a no-op where it cannot (this machine's
-- package sources carry no pgvector). Dynamic SQL keeps the statements unparsed when the type does not exist.
do $$
begin
    if exists (select 1 from pg_available_extensions where name = 'vector') then
        execute 'create extension if not exists vector';
        -- untyped vector: the dimension depends on the embedding model configured
        execute 'alter table conversation_embeddings add column if not exists embedding_vector vector';
        execute $fn$
            create or replace function conversation_embeddings_sync_vector() returns trigger language plpgsql as $body$
            begin
                new.embedding_vector := new.embedding::vector;
                return new;
            end $body$
        $fn$;
        execute 'drop trigger if exists conversation_embeddings_sync_vector on conversation_embeddings';
        execute 'create trigger conversation_embeddings_sync_vector before insert or update of embedding '
             || 'on conversation_embeddings for each row execute function conversation_embeddings_sync_vector()';
    end if;
end $$;
