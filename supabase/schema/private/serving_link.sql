-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.serving_link(token text, access text)
 RETURNS app.share_links
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  link app.share_links;
begin
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    raise exception using errcode = 'PT404', message = 'This link does not exist or was revoked.';
  end if;
  select l.* into link from app.share_links l
  join app.users u on u.id = l.owner_id
  left join app.files f on f.id = l.file_id
  left join app.folders d on d.id = l.folder_id
  where l.token_hash = extensions.digest(token, 'sha256')
    and l.revoked_at is null and u.disabled_at is null
    and coalesce(f.trashed_at, d.trashed_at) is null;
  if not found then
    raise exception using errcode = 'PT404', message = 'This link does not exist or was revoked.';
  end if;
  if link.expires_at is not null and link.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'This link has expired.';
  end if;
  if link.max_downloads is not null and link.downloads >= link.max_downloads then
    raise exception using errcode = 'PT410', message = 'This link has reached its download limit.';
  end if;
  if link.password_hash is not null and not exists (
    select from app.share_link_access a
    where a.link_id = link.id and a.token_hash = extensions.digest(coalesce(access, ''), 'sha256') and a.expires_at > now()
  ) then
    raise exception using errcode = 'PT401', message = 'This link needs its password.',
      hint = 'POST {"password": ...} to /functions/v1/share/<token>/unlock, then send the access token it answers.';
  end if;
  return link;
end
$function$;
