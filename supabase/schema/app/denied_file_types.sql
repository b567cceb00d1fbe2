-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.denied_file_types (
  kind text not null,
  value text not null,
  constraint denied_file_types_pkey PRIMARY KEY (kind, value),
  constraint denied_file_types_kind_check CHECK ((kind = ANY (ARRAY['extension'::text, 'mime'::text]))),
  constraint denied_file_types_value_check CHECK ((value = lower(value)))
);
alter table app.denied_file_types enable row level security;

create policy "signed-in users read the deny-list" on app.denied_file_types
  as permissive for select to authenticated
  using (true);

grant select on table app.denied_file_types to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.denied_file_types to service_role;

comment on table app.denied_file_types is 'Extensions and MIME types the drive refuses to store (lower case); insert or delete rows to change the list.';
