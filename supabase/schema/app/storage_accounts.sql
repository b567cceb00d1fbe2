-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.storage_accounts (
  owner_id uuid not null,
  quota bigint,
  used bigint default 0 not null,
  constraint storage_accounts_pkey PRIMARY KEY (owner_id),
  constraint storage_accounts_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint storage_accounts_quota_check CHECK ((quota >= 0)),
  constraint storage_accounts_used_check CHECK ((used >= 0))
);
alter table app.storage_accounts enable row level security;

CREATE INDEX storage_accounts_used ON app.storage_accounts USING btree (used DESC);

create policy "owners read their storage account" on app.storage_accounts
  as permissive for select to authenticated
  using ((owner_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER storage_accounts_notify_thresholds AFTER INSERT OR UPDATE OF used, quota ON app.storage_accounts FOR EACH ROW EXECUTE FUNCTION app.notify_storage_thresholds();

grant select on table app.storage_accounts to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.storage_accounts to service_role;

comment on table app.storage_accounts is 'Per-user quota and bytes used.';
