-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.notification_types (
  type text not null,
  category text not null,
  description text not null,
  title text not null,
  title_folded text,
  email_default boolean default true not null,
  email_locked boolean default false not null,
  email_subject text,
  email_body text,
  fold_seconds integer default 60 not null,
  sort_order integer default 100 not null,
  constraint notification_types_pkey PRIMARY KEY (type),
  constraint notification_types_category_check CHECK ((category ~ '^[a-z][a-z0-9_]*$'::text)),
  constraint notification_types_description_check CHECK ((length(description) <= 200)),
  constraint notification_types_email_subject_check CHECK ((length(email_subject) <= 300)),
  constraint notification_types_email_whole CHECK (((email_subject IS NULL) = (email_body IS NULL))),
  constraint notification_types_fold_seconds_check CHECK (((fold_seconds >= 0) AND (fold_seconds <= 86400))),
  constraint notification_types_locked_emails CHECK (((NOT email_locked) OR email_default)),
  constraint notification_types_title_check CHECK ((length(title) <= 300)),
  constraint notification_types_title_folded_check CHECK ((length(title_folded) <= 300)),
  constraint notification_types_type_check CHECK (((type ~ '^[a-z][a-z0-9_]*$'::text) AND (length(type) <= 64)))
);
alter table app.notification_types enable row level security;

create policy "signed-in users read the notification types" on app.notification_types
  as permissive for select to authenticated
  using (true);

grant select on table app.notification_types to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.notification_types to service_role;

comment on table app.notification_types is 'Kinds of notification: words, email templates, email default and lock, fold window.';
