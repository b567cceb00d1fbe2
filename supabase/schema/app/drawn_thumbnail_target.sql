-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.drawn_thumbnail_target(version_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found jsonb := app.thumbnail_of(drawn_thumbnail_target.version_id);
  me uuid := app.require_user_id();
begin
  if found ->> 'maker' <> 'browser' then
    raise exception using errcode = 'PT400', message = 'The edge makes this file''s thumbnail; none is sent.';
  end if;
  if not exists (
    select from app.files f
    where f.id = (found ->> 'file_id')::uuid
      and (f.owner_id = me
           or f.folder_id in (select app.shared_folders(true))
           or f.id in (select app.shared_files(true)))) then
    raise exception using errcode = '42501', message = 'Only who may change this file sends its thumbnail.';
  end if;
  return found || jsonb_build_object('max_bytes',
    coalesce(app.files_setting('files.thumbnail_drawn_max_bytes'), 1048576));
end
$function$;
grant execute on function app.drawn_thumbnail_target(version_id uuid) to authenticated;
comment on function app.drawn_thumbnail_target(version_id uuid) is 'The version whose browser-drawn thumbnail the caller may send (owner or editor, PDF or video, current version); PT404, 42501 or PT400 otherwise.';
