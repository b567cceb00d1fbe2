/*
 * Storage plans and subscriptions: what a user's quota is.
 *
 * `plans` is the price list, readable by everyone (the sign-up page shows
 * it). A `subscriptions` row is one paid period of one plan, written only by
 * the payment settlement (the payments_settlement migration) in the same
 * transaction that marks the payment paid. A user's quota is derived here,
 * in one function every quota check calls:
 *
 *   on a paid plan now   the biggest quota among the plans active now, or the
 *                        per-user quota an admin set when that is bigger
 *   otherwise            the per-user quota an admin set, else the free plan
 *
 * When a paid period ends nothing is deleted: the quota falls back to the
 * free plan and uploads are refused while the user is over it (the quota
 * checks already refuse what does not fit). `files.default_quota` in
 * private.settings, when set, still overrides the free plan's size (the
 * operator's one knob before plans existed).
 */

create table app.plans (
  code text primary key check (code ~ '^[a-z][a-z0-9-]{0,11}$'),
  name text not null check (char_length(name) between 1 and 60),
  quota_bytes bigint not null check (quota_bytes > 0),
  price_kes integer not null check (price_kes between 0 and 250000),
  -- Null for the free plan: it never ends.
  period_days integer check (period_days between 1 and 366),
  active boolean not null default true,
  sort_order integer not null default 0,
  constraint plans_paid_have_a_period check ((price_kes = 0) = (period_days is null))
);
alter table app.plans enable row level security;
comment on table app.plans is 'Storage plans: quota, price in KES and period; the free plan has no price and no period.';

insert into app.plans (code, name, quota_bytes, price_kes, period_days, sort_order) values
  ('free', 'Free', 1073741824, 0, null, 0),
  ('plus', 'Plus', 53687091200, 250, 30, 1),
  ('pro', 'Pro', 214748364800, 700, 30, 2);

/*
 * One paid period of one plan. Extensions and upgrades add rows; an upgrade
 * ends the rows it replaces at that moment (`replaced_at`) rather than
 * deleting them, so the history of what was paid stays whole.
 */
create table app.subscriptions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app.users (id) on delete cascade,
  plan_code text not null references app.plans (code),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- The payment that bought this period (the payments migration adds the foreign key).
  transaction_id uuid unique,
  -- Seconds added to this period for the unused part of the plan it replaced.
  credit_seconds integer not null default 0 check (credit_seconds >= 0),
  replaced_at timestamptz,
  -- When the "ends in a week" and "ended" reminders went out.
  reminded_week_at timestamptz,
  reminded_end_at timestamptz,
  created_at timestamptz not null default now(),
  constraint subscriptions_period check (ends_at >= starts_at)
);
alter table app.subscriptions enable row level security;
create index subscriptions_user_period on app.subscriptions (user_id, ends_at desc);
comment on table app.subscriptions is 'Paid periods of a plan per user, each bought by one payment.';

revoke all on app.plans, app.subscriptions from public, anon, authenticated;
grant select on app.plans to anon, authenticated;
grant select on app.subscriptions to authenticated;
grant all on app.plans, app.subscriptions to service_role;

create policy "everyone reads the plans" on app.plans
  for select to anon, authenticated using (true);
create policy "users read their subscriptions, payment admins all" on app.subscriptions
  for select to authenticated
  using (user_id = (select app.current_user_id()) or (select app.user_has_permission('payments.read_all')));

/* The free plan's quota: the operator's files.default_quota when set, else the free plan's row. */
create or replace function app.free_quota()
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    nullif(private.setting('files.default_quota'), '')::bigint,
    (select p.quota_bytes from app.plans p where p.code = 'free'),
    1073741824
  )
$$;
comment on function app.free_quota() is 'Bytes a user without a paid plan may store.';
grant execute on function app.free_quota() to anon, authenticated, service_role;

/* The plan a user is on now: the active paid period with the biggest quota, else free. */
create or replace function app.current_plan(owner uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((
    select s.plan_code from app.subscriptions s join app.plans p on p.code = s.plan_code
    where s.user_id = owner and s.starts_at <= now() and s.ends_at > now()
    order by p.quota_bytes desc
    limit 1
  ), 'free')
$$;
comment on function app.current_plan(uuid) is 'The code of the plan a user is on now (free when no paid period is active).';
grant execute on function app.current_plan(uuid) to authenticated, service_role;

/* A user's quota in bytes, as described at the top of this file. */
create or replace function app.storage_quota(owner uuid)
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when plan.code = 'free' then coalesce(account.quota, app.free_quota())
    else greatest(plan.quota_bytes, coalesce(account.quota, 0))
  end
  from (select p.code, p.quota_bytes from app.plans p where p.code = app.current_plan(owner)) plan
  left join app.storage_accounts account on account.owner_id = owner
$$;
comment on function app.storage_quota(uuid) is 'Bytes a user may store: their paid plan''s, else an admin''s per-user quota, else the free plan''s.';
grant execute on function app.storage_quota(uuid) to authenticated, service_role;

/* The quota checks, restated to ask app.storage_quota. */
create or replace function app.lock_free_bytes(owner uuid, except_upload uuid default null)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  account app.storage_accounts;
  reserved bigint;
begin
  insert into app.storage_accounts (owner_id) values (owner) on conflict do nothing;
  select * into account from app.storage_accounts where owner_id = owner for update;
  select coalesce(sum(size), 0) into reserved from app.uploads
  where owner_id = owner and status = 'pending' and expires_at > now()
    and id is distinct from except_upload;
  return app.storage_quota(owner) - account.used - reserved;
end
$$;

create or replace function app.assert_fits(needed bigint, free bigint, owner uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if needed > free then
    raise exception using errcode = 'PT413',
      message = format('Not enough storage: this needs %s but only %s of your %s is free.',
                       pg_catalog.pg_size_pretty(needed), pg_catalog.pg_size_pretty(greatest(free, 0)),
                       pg_catalog.pg_size_pretty(app.storage_quota(owner))),
      hint = 'Empty the trash, delete files, or move to a bigger plan.';
  end if;
end
$$;

create or replace view api.storage_usage with (security_invoker = true) as
  select coalesce(a.used, 0)::bigint as used,
         coalesce((select sum(coalesce(u.size, 0)) from app.uploads u
                   where u.owner_id = me.id and u.status = 'pending' and u.expires_at > now()), 0)::bigint as reserved,
         app.storage_quota(me.id) as quota
  from (select app.current_user_id() as id) me
  left join app.storage_accounts a on a.owner_id = me.id
  where me.id is not null;
comment on view api.storage_usage is 'Your storage: bytes used, bytes reserved by uploads in flight, and your quota (from your plan).';

/* The API: the price list and the caller's plan. */
create view api.plans with (security_invoker = true) as
  select p.code, p.name,
         case when p.code = 'free' then app.free_quota() else p.quota_bytes end as quota_bytes,
         p.price_kes, p.period_days
  from app.plans p
  where p.active
  order by p.sort_order, p.code;
comment on view api.plans is 'The storage plans on offer: quota in bytes, price in Kenyan shillings per period of days (free: no period).';
revoke all on api.plans from public, anon, authenticated;
grant select on api.plans to anon, authenticated, service_role;

/*
 * The caller's plan now. `ends_at` is the end of the paid time already
 * bought for this plan (extensions included), null on the free plan;
 * `days_left` counts started days, so "1" means it ends within a day.
 */
create view api.my_subscription with (security_invoker = true) as
  select plan.code as plan_code, plan.name as plan_name,
         app.storage_quota(me.id) as quota_bytes,
         coalesce(a.used, 0)::bigint as used_bytes,
         chain.starts_at, chain.ends_at,
         case when chain.ends_at is null then null
              else ceil(extract(epoch from chain.ends_at - now()) / 86400)::integer end as days_left
  from (select app.current_user_id() as id) me
  join app.plans plan on plan.code = app.current_plan(me.id)
  left join app.storage_accounts a on a.owner_id = me.id
  left join lateral (
    select min(s.starts_at) filter (where s.starts_at <= now()) as starts_at, max(s.ends_at) as ends_at
    from app.subscriptions s
    where s.user_id = me.id and s.plan_code = plan.code and s.ends_at > now() and plan.code <> 'free'
  ) chain on true
  where me.id is not null;
comment on view api.my_subscription is 'Your plan now: its quota, your usage, and until when it is paid (null on the free plan).';
revoke all on api.my_subscription from public, anon, authenticated;
grant select on api.my_subscription to authenticated, service_role;
