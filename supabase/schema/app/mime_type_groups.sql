-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.mime_type_groups (
  mime_pattern text not null,
  type_group text not null,
  has_text boolean default false not null,
  constraint mime_type_groups_pkey PRIMARY KEY (mime_pattern),
  constraint mime_pattern_shape CHECK ((mime_pattern ~ '^[a-z0-9][a-z0-9.+-]*/([a-z0-9][a-z0-9.+-]*|\*)$'::text)),
  constraint type_group_known CHECK ((type_group = ANY (ARRAY['image'::text, 'video'::text, 'audio'::text, 'document'::text, 'spreadsheet'::text, 'presentation'::text, 'pdf'::text, 'archive'::text, 'code'::text, 'other'::text])))
);
alter table app.mime_type_groups enable row level security;

create policy "everyone reads the type groups" on app.mime_type_groups
  as permissive for select to anon, authenticated
  using (true);

grant select on table app.mime_type_groups to anon;
grant select on table app.mime_type_groups to authenticated;
grant select on table app.mime_type_groups to service_role;

comment on table app.mime_type_groups is 'MIME type (exact, or a family such as image/ plus a star) -> type group; has_text marks types whose content is indexed for search.';
