-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.plans (
  code text not null,
  name text not null,
  quota_bytes bigint not null,
  price_kes integer not null,
  period_days integer,
  active boolean default true not null,
  sort_order integer default 0 not null,
  constraint plans_pkey PRIMARY KEY (code),
  constraint plans_code_check CHECK ((code ~ '^[a-z][a-z0-9-]{0,11}$'::text)),
  constraint plans_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 60))),
  constraint plans_paid_have_a_period CHECK (((price_kes = 0) = (period_days IS NULL))),
  constraint plans_period_days_check CHECK (((period_days >= 1) AND (period_days <= 366))),
  constraint plans_price_kes_check CHECK (((price_kes >= 0) AND (price_kes <= 250000))),
  constraint plans_quota_bytes_check CHECK ((quota_bytes > 0))
);
alter table app.plans enable row level security;

create policy "everyone reads the plans" on app.plans
  as permissive for select to anon, authenticated
  using (true);

grant select on table app.plans to anon;
grant select on table app.plans to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.plans to service_role;

comment on table app.plans is 'Storage plans: quota, price in KES and period; the free plan has no price and no period.';
