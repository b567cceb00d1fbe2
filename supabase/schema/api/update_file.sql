-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.update_file(file_id uuid, description text DEFAULT NULL::text, visibility text DEFAULT NULL::text)
 RETURNS api.files
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  target app.files;
  result api.files;
begin
  perform app.require_permission('files.write');
  target := app.owned_file(update_file.file_id);
  if update_file.visibility is not null and update_file.visibility not in ('private', 'public') then
    raise exception using errcode = 'PT400', message = 'visibility must be "private" or "public".';
  end if;
  if char_length(update_file.description) > 10000 then
    raise exception using errcode = 'PT400', message = 'The description can be at most 10000 characters long.';
  end if;
  update app.files
  set description = coalesce(update_file.description, description),
      visibility = coalesce(update_file.visibility, visibility)
  where id = target.id;
  if update_file.visibility = 'public' and not exists (select from app.public_links where file_id = target.id) then
    perform app.open_public_link(target);
  elsif update_file.visibility = 'private' then
    delete from app.public_links where file_id = target.id;
  end if;
  perform app.log_activity('file.update', null, 'file', target.id::text,
    jsonb_strip_nulls(jsonb_build_object('visibility', update_file.visibility,
      'description', case when update_file.description is not null then true end)));
  select * into result from api.files where id = target.id;
  return result;
end
$function$;
grant execute on function api.update_file(file_id uuid, description text, visibility text) to authenticated;
comment on function api.update_file(file_id uuid, description text, visibility text) is 'Changes the description or visibility of one of your files. Public gives it a link anyone can download it with (a new one each time it is shared again); private ends that link at once.';
