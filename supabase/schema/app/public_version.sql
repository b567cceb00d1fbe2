-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.public_version(token text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  wanted bytea;
  served jsonb;
begin
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    return null;
  end if;
  wanted := extensions.digest(token, 'sha256');
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  ) into served
  from app.public_links l
  join app.files f on f.id = l.file_id
  join app.file_versions v on v.id = f.current_version_id
  join app.users u on u.id = f.owner_id
  where l.token_hash = wanted
    and f.visibility = 'public'
    and f.trashed_at is null
    and u.disabled_at is null;
  return served;
end
$function$;
grant execute on function app.public_version(token text) to anon;
grant execute on function app.public_version(token text) to authenticated;
comment on function app.public_version(token text) is 'The current version behind a public link token, or null when the link does not serve.';
