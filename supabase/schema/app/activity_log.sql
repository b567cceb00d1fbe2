-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.activity_log (
  id bigint generated always as identity not null,
  actor_id uuid,
  action text not null,
  target_type text,
  target_id text,
  meta jsonb default '{}'::jsonb not null,
  client_ip inet,
  user_agent text,
  created_at timestamp with time zone default now() not null,
  constraint activity_log_pkey PRIMARY KEY (id),
  constraint activity_log_action_check CHECK (((action ~ '^[a-z_]+(\.[a-z_]+)*$'::text) AND (length(action) <= 64))),
  constraint activity_log_target_id_check CHECK ((length(target_id) <= 256)),
  constraint activity_log_target_type_check CHECK ((length(target_type) <= 64))
);
alter table app.activity_log enable row level security;

CREATE INDEX activity_log_action ON app.activity_log USING btree (action, created_at DESC, id DESC);
CREATE INDEX activity_log_actor ON app.activity_log USING btree (actor_id, created_at DESC, id DESC);
CREATE INDEX activity_log_client_ip ON app.activity_log USING btree (client_ip, created_at DESC, id DESC);
CREATE INDEX activity_log_created_id ON app.activity_log USING btree (created_at DESC, id DESC);
CREATE INDEX activity_log_meta_trgm ON app.activity_log USING gin (((meta)::text) extensions.gin_trgm_ops);
CREATE INDEX activity_log_meta_words ON app.activity_log USING gin (app.meta_words(meta));
CREATE INDEX activity_log_target ON app.activity_log USING btree (target_id, created_at DESC, id DESC);
CREATE INDEX activity_log_target_type ON app.activity_log USING btree (target_type, created_at DESC, id DESC);

create policy "an access token reads no activity log" on app.activity_log
  as restrictive for select to authenticated
  using ((( SELECT app.token_scopes() AS token_scopes) IS NULL));

create policy "users read their own activity, holders of logs.read all of it" on app.activity_log
  as permissive for select to authenticated
  using (((actor_id = ( SELECT app.current_user_id() AS current_user_id)) OR ( SELECT app.user_has_permission('logs.read'::text) AS user_has_permission)));

CREATE TRIGGER activity_log_append_only BEFORE DELETE OR UPDATE ON app.activity_log FOR EACH ROW EXECUTE FUNCTION app.refuse_activity_log_change();
CREATE TRIGGER activity_log_no_truncate BEFORE TRUNCATE ON app.activity_log FOR EACH STATEMENT EXECUTE FUNCTION app.refuse_activity_log_change();

grant select on table app.activity_log to authenticated;
grant insert, select on table app.activity_log to service_role;

comment on table app.activity_log is 'Append-only log of auth and admin events: actor, action, target, meta, client IP, user agent.';
