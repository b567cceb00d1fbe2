-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.create_share_link(file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid, type text DEFAULT 'view'::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, password text DEFAULT NULL::text, max_downloads integer DEFAULT NULL::integer, label text DEFAULT NULL::text, note text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  link_type text := coalesce(create_share_link.type, 'view');
  token text := private.new_link_token();
  link app.share_links;
  owner uuid;
  grant_until timestamptz;
  expiry timestamptz;
begin
  perform app.require_live_session();
  if link_type not in ('view', 'edit', 'file_drop', 'preview_only') then
    raise exception using errcode = 'PT400', message = 'type must be view, edit, file_drop or preview_only.';
  end if;
  if num_nonnulls(create_share_link.file_id, create_share_link.folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if create_share_link.file_id is not null and link_type in ('edit', 'file_drop') then
    raise exception using errcode = 'PT400', message = format('A %s link shares a folder, not a file.', link_type);
  end if;
  -- Yours, or one an editor share lets you re-share (the link is then the owner's, made by you).
  owner := private.sharer_owner(uid, create_share_link.file_id, create_share_link.folder_id);
  if owner <> uid then
    grant_until := (app.reshare_grant(uid, create_share_link.file_id, create_share_link.folder_id) ->> 'until')::timestamptz;
  end if;
  if create_share_link.max_downloads is not null and create_share_link.max_downloads < 1 then
    raise exception using errcode = 'PT400', message = 'max_downloads must be 1 or more (or none).';
  end if;

  expiry := private.share_link_expiry(link_type, create_share_link.expires_at, null, true);
  if grant_until is not null then
    -- A re-shared link ends when the re-sharer's own access would.
    expiry := least(coalesce(expiry, grant_until), grant_until);
  end if;
  insert into app.share_links (owner_id, created_by, file_id, folder_id, type, token_hash, label, note, expires_at, password_hash, max_downloads)
  values (
    owner, case when owner <> uid then uid end, create_share_link.file_id, create_share_link.folder_id, link_type, extensions.digest(token, 'sha256'),
    private.share_link_text(create_share_link.label, 'A label', 200),
    private.share_link_text(create_share_link.note, 'A note', 2000),
    expiry,
    private.share_link_password(link_type, create_share_link.password),
    create_share_link.max_downloads
  )
  returning * into link;

  perform app.log_activity('share_link.create', null, 'share_link', link.id::text, jsonb_build_object(
    'type', link.type, 'file_id', link.file_id, 'folder_id', link.folder_id, 'expires_at', link.expires_at,
    'has_password', link.has_password, 'max_downloads', link.max_downloads));
  return app.share_link_json(link.id)
    || jsonb_build_object('token', token, 'url', private.site_url() || '/s/' || token);
end
$function$;
grant execute on function api.create_share_link(file_id uuid, folder_id uuid, type text, expires_at timestamp with time zone, password text, max_downloads integer, label text, note text) to authenticated;
comment on function api.create_share_link(file_id uuid, folder_id uuid, type text, expires_at timestamp with time zone, password text, max_downloads integer, label text, note text) is 'Makes a share link to one of your files or folders (or to one shared with you as editor whose owner allows re-sharing: the link is the owner''s, ends when your access would, and goes when that permission does): type view, edit, file_drop or preview_only; expires_at (default and maximum from rpc/sharing_policy, ''infinity'' for none where allowed), password, max_downloads, label, note. Answers the link with its token (shown once) and url.';
