-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.mpesa_callbacks (
  id bigint generated always as identity not null,
  received_at timestamp with time zone default now() not null,
  source_ip inet,
  source_allowed boolean,
  raw text not null,
  checkout_request_id text,
  transaction_id uuid,
  outcome text default 'received'::text not null,
  reason text,
  constraint mpesa_callbacks_pkey PRIMARY KEY (id),
  constraint mpesa_callbacks_transaction_id_fkey FOREIGN KEY (transaction_id) REFERENCES app.transactions(id),
  constraint mpesa_callbacks_outcome_check CHECK ((length(outcome) <= 64))
);
alter table app.mpesa_callbacks enable row level security;

CREATE INDEX mpesa_callbacks_checkout ON app.mpesa_callbacks USING btree (checkout_request_id);
CREATE INDEX mpesa_callbacks_received ON app.mpesa_callbacks USING btree (received_at DESC);

create policy "payment admins read the callbacks" on app.mpesa_callbacks
  as permissive for select to authenticated
  using (( SELECT app.user_has_permission('payments.read_all'::text) AS user_has_permission));

grant select on table app.mpesa_callbacks to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.mpesa_callbacks to service_role;

comment on table app.mpesa_callbacks is 'Raw M-Pesa callbacks with their source and outcome, for payment admins and reconciliation.';
