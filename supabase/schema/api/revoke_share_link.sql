-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.revoke_share_link(link_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  link app.share_links;
  as_admin boolean;
begin
  perform app.require_live_session();
  select * into link from app.share_links l where l.id = revoke_share_link.link_id for update;
  as_admin := found and link.owner_id <> uid and link.created_by is distinct from uid
    and app.user_has_permission('shares.read_all');
  if not found or (link.owner_id <> uid and link.created_by is distinct from uid and not as_admin) then
    raise exception using errcode = 'PT404', message = 'Link not found.';
  end if;
  if link.revoked_at is null then
    update app.share_links l set revoked_at = now() where l.id = link.id;
    delete from app.share_link_access a where a.link_id = link.id;
    if link.from_public_link then
      delete from app.public_links p where p.file_id = link.file_id and p.token_hash = link.token_hash;
      update app.files f set visibility = 'private' where f.id = link.file_id and f.visibility = 'public'
        and not exists (select from app.public_links p where p.file_id = f.id);
    end if;
    perform app.log_activity('share_link.revoke', null, 'share_link', link.id::text,
      jsonb_build_object('owner_id', link.owner_id, 'by_admin', as_admin, 'type', link.type));
  end if;
  return app.share_link_json(link.id);
end
$function$;
grant execute on function api.revoke_share_link(link_id uuid) to authenticated;
comment on function api.revoke_share_link(link_id uuid) is 'Ends a link at once (yours, one you made of an item shared with you, or any with shares.read_all); a public file''s link makes the file private. Answers the link.';
