-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table private.email_outbox (
  id bigint generated always as identity not null,
  to_address text not null,
  subject text not null,
  body_text text not null,
  secret text,
  kind text default 'generic'::text not null,
  status text default 'pending'::text not null,
  attempts integer default 0 not null,
  next_attempt_at timestamp with time zone default now() not null,
  last_error text,
  created_at timestamp with time zone default now() not null,
  sent_at timestamp with time zone,
  body_html text,
  unsubscribe_type text,
  constraint email_outbox_pkey PRIMARY KEY (id),
  constraint email_outbox_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'failed'::text]))),
  constraint email_outbox_subject_check CHECK ((length(subject) <= 300)),
  constraint email_outbox_to_address_check CHECK ((length(to_address) <= 254))
);
alter table private.email_outbox enable row level security;

CREATE INDEX email_outbox_due ON private.email_outbox USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));

CREATE TRIGGER email_outbox_notify AFTER INSERT ON private.email_outbox FOR EACH ROW EXECUTE FUNCTION private.notify_email_outbox();

comment on table private.email_outbox is 'Emails waiting to be sent; secrets (reset tokens) kept apart and scrubbed once sent.';
comment on column private.email_outbox.body_html is 'The HTML alternative of body_text, when the message has one.';
comment on column private.email_outbox.unsubscribe_type is 'The notification type the message''s one-click unsubscribe (its secret) turns off.';
