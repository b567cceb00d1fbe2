-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.attach_tags(target_file uuid, owner uuid, names text[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  clean text[] := app.clean_tag_names(names);
begin
  if app.current_user_id() is not null and owner is distinct from app.current_user_id() then
    raise exception using errcode = '42501', message = 'You can tag only your own files.';
  end if;
  if cardinality(clean) = 0 then
    return;
  end if;
  insert into app.tags (owner_id, name)
  select owner, n from unnest(clean) n
  on conflict (owner_id, name) do nothing;
  insert into app.file_tags (file_id, tag_id, owner_id)
  select target_file, t.id, owner
  from app.tags t
  where t.owner_id = owner and t.name = any(clean)
  on conflict do nothing;
end
$function$;
grant execute on function app.attach_tags(target_file uuid, owner uuid, names text[]) to authenticated;
grant execute on function app.attach_tags(target_file uuid, owner uuid, names text[]) to service_role;
comment on function app.attach_tags(target_file uuid, owner uuid, names text[]) is 'Puts the owner''s tags with these names (made when missing) on a file; only for the signed-in owner, or with no signed-in caller (share-link uploads).';
