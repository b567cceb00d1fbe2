-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.transactions (
  id uuid default gen_random_uuid() not null,
  user_id uuid not null,
  plan_code text not null,
  amount integer not null,
  phone text not null,
  state text default 'pending'::text not null,
  account_reference text not null,
  description text not null,
  merchant_request_id text,
  checkout_request_id text,
  result_code integer,
  result_desc text,
  message text default 'Check your phone and enter your M-Pesa PIN.'::text not null,
  receipt text,
  paid_amount numeric(12,2),
  paid_phone text,
  paid_at timestamp with time zone,
  review_reason text,
  push_claimed_at timestamp with time zone,
  pushed_at timestamp with time zone,
  next_query_at timestamp with time zone,
  query_attempts integer default 0 not null,
  created_at timestamp with time zone default now() not null,
  settled_at timestamp with time zone,
  updated_at timestamp with time zone default now() not null,
  constraint transactions_pkey PRIMARY KEY (id),
  constraint transactions_checkout_request_id_key UNIQUE (checkout_request_id),
  constraint transactions_receipt_key UNIQUE (receipt),
  constraint transactions_plan_code_fkey FOREIGN KEY (plan_code) REFERENCES app.plans(code),
  constraint transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE RESTRICT,
  constraint transactions_account_reference_check CHECK ((account_reference ~ '^[A-Za-z0-9 -]{1,12}$'::text)),
  constraint transactions_amount_check CHECK (((amount >= 1) AND (amount <= 250000))),
  constraint transactions_checkout_request_id_check CHECK ((length(checkout_request_id) <= 100)),
  constraint transactions_description_check CHECK ((description ~ '^[A-Za-z0-9 -]{1,13}$'::text)),
  constraint transactions_merchant_request_id_check CHECK ((length(merchant_request_id) <= 100)),
  constraint transactions_phone_check CHECK ((phone ~ '^254[17][0-9]{8}$'::text)),
  constraint transactions_receipt_check CHECK ((receipt ~ '^[A-Z0-9]{6,20}$'::text)),
  constraint transactions_result_desc_check CHECK ((length(result_desc) <= 500)),
  constraint transactions_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'paid'::text, 'failed'::text, 'expired'::text, 'needs_review'::text])))
);
alter table app.transactions enable row level security;

CREATE INDEX transactions_created ON app.transactions USING btree (created_at DESC);
CREATE INDEX transactions_due_query ON app.transactions USING btree (next_query_at) WHERE (state = 'pending'::text);
CREATE INDEX transactions_needs_review ON app.transactions USING btree (created_at) WHERE (state = 'needs_review'::text);
CREATE INDEX transactions_phone_created ON app.transactions USING btree (phone, created_at DESC);
CREATE INDEX transactions_user_created ON app.transactions USING btree (user_id, created_at DESC);
CREATE UNIQUE INDEX transactions_one_pending_per_phone ON app.transactions USING btree (phone) WHERE (state = 'pending'::text);
CREATE UNIQUE INDEX transactions_one_pending_per_user ON app.transactions USING btree (user_id) WHERE (state = 'pending'::text);

create policy "an access token reads no payments" on app.transactions
  as restrictive for select to authenticated
  using ((( SELECT app.token_scopes() AS token_scopes) IS NULL));

create policy "users read their payments, payment admins all" on app.transactions
  as permissive for select to authenticated
  using (((user_id = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('payments.read_all'::text) AS user_has_permission)));

CREATE TRIGGER transactions_forward_only BEFORE UPDATE ON app.transactions FOR EACH ROW EXECUTE FUNCTION app.transactions_forward_only();

grant select on table app.transactions to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.transactions to service_role;

comment on table app.transactions is 'M-Pesa STK push payments, one per push, with their forward-only state.';
