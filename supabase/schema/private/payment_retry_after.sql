-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.payment_retry_after(user_id uuid, phone text)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  window_seconds integer := private.setting_int('payments.push_window_seconds', 600);
  per_user integer := private.setting_int('payments.max_pushes_per_user', 5);
  per_phone integer := private.setting_int('payments.max_pushes_per_phone', 3);
  nth_user timestamptz;
  nth_phone timestamptz;
begin
  -- The per_user-th most recent push in the window: the limit frees up when it leaves the window.
  select t.created_at into nth_user from app.transactions t
  where t.user_id = payment_retry_after.user_id and t.created_at > now() - make_interval(secs => window_seconds)
  order by t.created_at desc offset per_user - 1 limit 1;
  select t.created_at into nth_phone from app.transactions t
  where t.phone = payment_retry_after.phone and t.created_at > now() - make_interval(secs => window_seconds)
  order by t.created_at desc offset per_phone - 1 limit 1;
  return greatest(
    coalesce(ceil(extract(epoch from nth_user + make_interval(secs => window_seconds) - now())), 0),
    coalesce(ceil(extract(epoch from nth_phone + make_interval(secs => window_seconds) - now())), 0),
    0)::integer;
end
$function$;
