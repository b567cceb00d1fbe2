-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.count_share_download(token text, access text DEFAULT NULL::text, file_id uuid DEFAULT NULL::uuid, zip boolean DEFAULT false)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  link app.share_links := private.serving_link(token, access);
  now_count integer;
begin
  update app.share_links l set downloads = l.downloads + 1, last_used_at = now()
  where l.id = link.id and l.revoked_at is null and (l.max_downloads is null or l.downloads < l.max_downloads)
  returning l.downloads into now_count;
  if now_count is null then
    raise exception using errcode = 'PT410', message = 'This link has reached its download limit.';
  end if;
  perform app.log_activity('share_link.download', null, 'share_link', link.id::text,
    jsonb_build_object('owner_id', link.owner_id, 'file_id', coalesce(file_id, link.file_id), 'zip', zip));
  return now_count;
end
$function$;
grant execute on function app.count_share_download(token text, access text, file_id uuid, zip boolean) to anon;
grant execute on function app.count_share_download(token text, access text, file_id uuid, zip boolean) to authenticated;
comment on function app.count_share_download(token text, access text, file_id uuid, zip boolean) is 'Counts and logs one delivery through a link (PT410 at its limit); the edge calls it once per response that sends a file''s first byte.';
