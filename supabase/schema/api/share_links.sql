-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.share_links with (security_invoker=true) as
 SELECT l.id,
    l.file_id,
    l.folder_id,
    COALESCE(f.name, d.name) AS item_name,
    l.type,
    l.label,
    l.note,
    l.expires_at,
    l.has_password,
    l.max_downloads,
    l.downloads,
    l.last_used_at,
    l.created_at,
    l.updated_at,
    l.revoked_at,
    l.from_public_link,
    app.share_link_state(l.revoked_at, l.expires_at, l.downloads, l.max_downloads) AS state,
    l.created_by
   FROM ((app.share_links l
     LEFT JOIN app.files f ON ((f.id = l.file_id)))
     LEFT JOIN app.folders d ON ((d.id = l.folder_id)))
  WHERE ((l.owner_id = ( SELECT app.current_user_id() AS current_user_id)) OR (l.created_by = ( SELECT app.current_user_id() AS current_user_id)));

grant select on table api.share_links to authenticated;

comment on view api.share_links is 'Your share links: type, options, downloads, last_used_at and state (active, expired, limit_reached, revoked). The token is shown only when a link is made.';
comment on column api.share_links.from_public_link is 'The link of a public file (visibility public): its token also works at /functions/v1/files/public/<token>.';
comment on column api.share_links.state is 'active, expired, limit_reached (raise max_downloads to revive it) or revoked.';
comment on column api.share_links.created_by is 'The editor who made this link to your item by re-sharing; null when you made it.';
