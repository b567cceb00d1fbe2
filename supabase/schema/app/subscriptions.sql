-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.subscriptions (
  id uuid default gen_random_uuid() not null,
  user_id uuid not null,
  plan_code text not null,
  starts_at timestamp with time zone not null,
  ends_at timestamp with time zone not null,
  transaction_id uuid,
  credit_seconds integer default 0 not null,
  replaced_at timestamp with time zone,
  reminded_week_at timestamp with time zone,
  reminded_end_at timestamp with time zone,
  created_at timestamp with time zone default now() not null,
  constraint subscriptions_pkey PRIMARY KEY (id),
  constraint subscriptions_transaction_id_key UNIQUE (transaction_id),
  constraint subscriptions_plan_code_fkey FOREIGN KEY (plan_code) REFERENCES app.plans(code),
  constraint subscriptions_transaction FOREIGN KEY (transaction_id) REFERENCES app.transactions(id),
  constraint subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint subscriptions_credit_seconds_check CHECK ((credit_seconds >= 0)),
  constraint subscriptions_period CHECK ((ends_at >= starts_at))
);
alter table app.subscriptions enable row level security;

CREATE INDEX subscriptions_user_period ON app.subscriptions USING btree (user_id, ends_at DESC);

create policy "users read their subscriptions, payment admins all" on app.subscriptions
  as permissive for select to authenticated
  using (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('payments.read_all'::text) AS user_has_permission)));

grant select on table app.subscriptions to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.subscriptions to service_role;

comment on table app.subscriptions is 'Paid periods of a plan per user, each bought by one payment.';
