-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION app.transactions_forward_only()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  new.updated_at := now();
  if new.state = old.state then
    if old.state <> 'pending' and (new.amount, new.phone, new.plan_code, new.user_id)
        is distinct from (old.amount, old.phone, old.plan_code, old.user_id) then
      raise exception using errcode = '55000', message = 'A settled payment cannot be changed.';
    end if;
    return new;
  end if;
  if old.state = 'pending'
     or (old.state in ('failed', 'expired') and new.state = 'needs_review') then
    new.settled_at := coalesce(new.settled_at, now());
    return new;
  end if;
  -- An administrator's decision on a reviewed payment (api.admin_settle_transaction).
  if old.state = 'needs_review' and new.state in ('paid', 'failed') then
    new.settled_at := now();
    return new;
  end if;
  raise exception using errcode = '55000',
    message = format('A %s payment cannot become %s.', old.state, new.state);
end
$function$;
