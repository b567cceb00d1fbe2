-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.share_link_state(revoked_at timestamp with time zone, expires_at timestamp with time zone, downloads integer, max_downloads integer)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select case
    when revoked_at is not null then 'revoked'
    when expires_at is not null and expires_at <= now() then 'expired'
    when max_downloads is not null and downloads >= max_downloads then 'limit_reached'
    else 'active'
  end
$function$;
grant execute on function app.share_link_state(revoked_at timestamp with time zone, expires_at timestamp with time zone, downloads integer, max_downloads integer) to anon;
grant execute on function app.share_link_state(revoked_at timestamp with time zone, expires_at timestamp with time zone, downloads integer, max_downloads integer) to authenticated;
grant execute on function app.share_link_state(revoked_at timestamp with time zone, expires_at timestamp with time zone, downloads integer, max_downloads integer) to service_role;
comment on function app.share_link_state(revoked_at timestamp with time zone, expires_at timestamp with time zone, downloads integer, max_downloads integer) is 'active, expired, limit_reached or revoked.';
