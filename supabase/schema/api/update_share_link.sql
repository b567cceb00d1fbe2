-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.update_share_link(link_id uuid, label text DEFAULT NULL::text, note text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, password text DEFAULT NULL::text, max_downloads integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  link app.share_links;
  changed text[] := '{}';
begin
  perform app.require_live_session();
  select * into link from app.share_links l where l.id = update_share_link.link_id and (l.owner_id = uid or l.created_by = uid) for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'Link not found.';
  end if;
  if link.revoked_at is not null then
    raise exception using errcode = 'PT409', message = 'This link was revoked: make a new one.';
  end if;
  if update_share_link.max_downloads is not null and update_share_link.max_downloads < 0 then
    raise exception using errcode = 'PT400', message = 'max_downloads must be 1 or more (0 for no limit).';
  end if;
  if update_share_link.label is not null then
    link.label := private.share_link_text(update_share_link.label, 'A label', 200);
    changed := changed || 'label'::text;
  end if;
  if update_share_link.note is not null then
    link.note := private.share_link_text(update_share_link.note, 'A note', 2000);
    changed := changed || 'note'::text;
  end if;
  if update_share_link.expires_at is not null then
    link.expires_at := private.share_link_expiry(link.type, update_share_link.expires_at, link.expires_at, false);
    if link.owner_id <> uid then
      link.expires_at := least(coalesce(link.expires_at, 'infinity'),
        coalesce((app.reshare_grant(uid, link.file_id, link.folder_id) ->> 'until')::timestamptz, 'infinity'));
      link.expires_at := nullif(link.expires_at, 'infinity');
    end if;
    changed := changed || 'expires_at'::text;
  end if;
  if update_share_link.password is not null then
    link.password_hash := private.share_link_password(link.type, update_share_link.password);
    changed := changed || 'password'::text;
    delete from app.share_link_access a where a.link_id = link.id;
  end if;
  if update_share_link.max_downloads is not null then
    link.max_downloads := nullif(update_share_link.max_downloads, 0);
    changed := changed || 'max_downloads'::text;
  end if;
  update app.share_links l
  set label = link.label, note = link.note, expires_at = link.expires_at, password_hash = link.password_hash,
      max_downloads = link.max_downloads
  where l.id = link.id;
  perform app.log_activity('share_link.update', null, 'share_link', link.id::text,
    jsonb_build_object('changed', to_jsonb(changed)));
  return app.share_link_json(link.id);
end
$function$;
grant execute on function api.update_share_link(link_id uuid, label text, note text, expires_at timestamp with time zone, password text, max_downloads integer) to authenticated;
comment on function api.update_share_link(link_id uuid, label text, note text, expires_at timestamp with time zone, password text, max_downloads integer) is 'Changes one of your live links (or one you made of an item shared with you): null leaves an option as it is; password '''' removes the password, max_downloads 0 the limit, expires_at ''infinity'' the expiry (where the policy allows). Raising max_downloads revives a link at its limit.';
