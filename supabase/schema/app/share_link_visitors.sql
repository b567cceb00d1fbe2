-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.share_link_visitors (
  link_id uuid not null,
  visitor text not null,
  first_seen_at timestamp with time zone default now() not null,
  constraint share_link_visitors_pkey PRIMARY KEY (link_id, visitor),
  constraint share_link_visitors_link_id_fkey FOREIGN KEY (link_id) REFERENCES app.share_links(id) ON DELETE CASCADE
);
alter table app.share_link_visitors enable row level security;

create policy "nobody reads link visitors through the API" on app.share_link_visitors
  as permissive for select to authenticated
  using (false);

grant delete, insert, references, select, trigger, truncate, update on table app.share_link_visitors to service_role;

comment on table app.share_link_visitors is 'Who opened a share link first when: the SHA-256 of the visitor''s address, never the address.';
