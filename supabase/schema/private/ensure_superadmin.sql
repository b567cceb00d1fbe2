-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION private.ensure_superadmin(email text, password text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  clean text := private.clean_email(ensure_superadmin.email);
  account uuid;
begin
  select u.id into account from app.users u where u.email operator(extensions.=) clean::extensions.citext;
  if account is null then
    perform private.check_password(ensure_superadmin.password, clean, true);
    insert into app.users (email, password_hash, name, email_confirmed_at)
    values (clean, private.hash_password(ensure_superadmin.password), 'Superadmin', now())
    returning id into account;
    perform app.log_activity('auth.signup', account, 'user', account::text, '{"via": "ensure_superadmin"}');
  end if;
  update app.users set disabled_at = null where id = account and disabled_at is not null;
  update app.users set email_confirmed_at = now() where id = account and email_confirmed_at is null;
  insert into app.user_roles (user_id, role_id)
  select account, r.id from app.roles r where r.name = 'superadmin'
  on conflict do nothing;
  if found then
    perform app.log_activity('admin.role_granted', null, 'user', account::text, '{"role": "superadmin", "via": "ensure_superadmin"}');
  end if;
  return account;
end
$function$;
