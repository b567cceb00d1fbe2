-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_version(token text, access text DEFAULT NULL::text, file_id uuid DEFAULT NULL::uuid, purpose text DEFAULT 'download'::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  served jsonb;
begin
  if purpose is null or purpose not in ('download', 'preview') then
    raise exception using errcode = 'PT400', message = 'purpose must be download or preview.';
  end if;
  if link.type = 'file_drop' then
    raise exception using errcode = 'PT403', message = 'This link only takes uploads: what is in the folder stays private.';
  end if;
  if link.type = 'preview_only' and purpose = 'download' then
    raise exception using errcode = 'PT403', message = 'Download disabled by the owner: this link shows previews only.';
  end if;
  select jsonb_build_object(
    'file_id', f.id, 'version_id', v.id, 'version', v.version, 'name', f.name, 'object_key', v.object_key,
    'size', v.size, 'sha256', v.sha256, 'mime_type', v.mime_type, 'owner_id', f.owner_id
  ) into served
  from app.files f
  join app.file_versions v on v.id = f.current_version_id
  where f.trashed_at is null
    and case
      when link.file_id is not null then f.id = link.file_id and (file_id is null or file_id = link.file_id)
      else f.id = file_id and f.folder_id in (select private.link_folders(link))
    end;
  if served is null then
    raise exception using errcode = 'PT404', message = 'File not found.';
  end if;
  return served;
end
$function$;
grant execute on function app.share_link_version(token text, access text, file_id uuid, purpose text) to anon;
grant execute on function app.share_link_version(token text, access text, file_id uuid, purpose text) to authenticated;
comment on function app.share_link_version(token text, access text, file_id uuid, purpose text) is 'The current version of a file a link reaches (the shared file, or one under the shared folder), for a download or a preview.';
