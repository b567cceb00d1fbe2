-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.public_links_sync()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update app.share_links l set revoked_at = now()
    where l.file_id = old.file_id and l.from_public_link and l.revoked_at is null
      and (tg_op = 'DELETE' or l.token_hash <> new.token_hash);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    insert into app.share_links (owner_id, file_id, type, token_hash, created_at, from_public_link)
    values (new.owner_id, new.file_id, 'view', new.token_hash, new.created_at, true)
    on conflict (token_hash) do nothing;
  end if;
  return null;
end
$function$;
