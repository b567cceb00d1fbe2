-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create table app.sessions (
  id uuid default gen_random_uuid() not null,
  user_id uuid not null,
  created_at timestamp with time zone default now() not null,
  refreshed_at timestamp with time zone,
  ended_at timestamp with time zone,
  end_reason text,
  client_ip inet,
  user_agent text,
  access_token_id uuid,
  constraint sessions_pkey PRIMARY KEY (id),
  constraint sessions_access_token_id_fkey FOREIGN KEY (access_token_id) REFERENCES app.access_tokens(id) ON DELETE CASCADE,
  constraint sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES app.users(id) ON DELETE CASCADE,
  constraint sessions_end_reason_check CHECK ((end_reason = ANY (ARRAY['logout'::text, 'logout_all'::text, 'token_reuse'::text, 'password_reset'::text, 'password_changed'::text, 'email_changed'::text, 'disabled'::text, 'expired'::text, 'token_revoked'::text])))
);
alter table app.sessions enable row level security;

CREATE INDEX sessions_access_token ON app.sessions USING btree (access_token_id) WHERE ((access_token_id IS NOT NULL) AND (ended_at IS NULL));
CREATE INDEX sessions_user ON app.sessions USING btree (user_id) WHERE (ended_at IS NULL);
CREATE INDEX sessions_user_created ON app.sessions USING btree (user_id, created_at DESC);

create policy "users read their own sessions" on app.sessions
  as permissive for select to authenticated
  using ((user_id = ( SELECT app.current_user_id() AS current_user_id)));

CREATE TRIGGER sessions_announce_end AFTER UPDATE OF ended_at ON app.sessions FOR EACH ROW WHEN (((old.ended_at IS NULL) AND (new.ended_at IS NOT NULL))) EXECUTE FUNCTION app.announce_session_end();
CREATE TRIGGER sessions_notify_new_sign_in AFTER INSERT ON app.sessions FOR EACH ROW EXECUTE FUNCTION app.notify_new_sign_in();

grant select on table app.sessions to authenticated;
grant delete, insert, references, select, trigger, truncate, update on table app.sessions to service_role;

comment on table app.sessions is 'One row per sign-in; ended_at set by logout, reuse detection, password change or disabling.';
