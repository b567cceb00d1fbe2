-- The catalog guard: every table in the non-exposed schemas has row-level
-- security on and at least one policy, so a new table cannot slip through.
begin;
select plan(5);

select is(
  array(
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('app', 'private') and c.relkind in ('r', 'p') and not c.relrowsecurity
    order by 1
  ),
  '{}'::text[],
  'every table in app and private has row-level security enabled'
);

select is(
  array(
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'app' and c.relkind in ('r', 'p')
      and not exists (select from pg_policy p where p.polrelid = c.oid)
    order by 1
  ),
  '{}'::text[],
  'every table in app has at least one policy'
);

-- Tables in private are read and written only by security definer functions
-- and migrations; anon and authenticated cannot even use the schema. Each one
-- without a policy is named here on purpose, so a new one needs a decision.
select is(
  array(
    select format('%I.%I', n.nspname, c.relname)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'private' and c.relkind in ('r', 'p')
      and not exists (select from pg_policy p where p.polrelid = c.oid)
      and format('%I.%I', n.nspname, c.relname) <> all (array[
        'private.settings',          -- the JWT secret and configuration
        'private.auth_attempts',     -- brute-force counters
        'private.refresh_tokens',    -- refresh token hashes
        'private.password_reset_tokens', -- reset token hashes
        'private.email_outbox',      -- emails (with reset links) until sent
        'private.link_downloads',    -- public-link download counters per client address
        'private.common_passwords',  -- leaked passwords refused by the password policy
        'private.email_confirmations', -- confirmation token hashes, with a signup's password hash
        'private.backup_holds'       -- backups holding collection off; only the backup (the owner) writes them
      ])
    order by 1
  ),
  '{}'::text[],
  'every table in private has a policy or is a deliberately policy-less secret store'
);

select ok(
  not has_schema_privilege('anon', 'private', 'usage') and not has_schema_privilege('authenticated', 'private', 'usage'),
  'anon and authenticated cannot reach the private schema at all'
);

-- Postgres ORs permissive policies; one per table, role and action says the
-- whole rule in one place (and is what `supabase db advisors` asks for).
select is(
  array(
    select distinct format('%I.%I %s %s', n.nspname, c.relname, r.rolname, a.cmd)
    from pg_policy p
    join pg_class c on c.oid = p.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(p.polroles) as role_oid
    join pg_roles r on r.oid = role_oid
    cross join lateral unnest(case p.polcmd when '*' then array['r', 'a', 'w', 'd'] else array[p.polcmd::text] end) as a(cmd)
    where n.nspname in ('app', 'private') and p.polpermissive
    group by n.nspname, c.relname, r.rolname, a.cmd
    having count(*) > 1
    order by 1
  ),
  '{}'::text[],
  'no table has two permissive policies for one role and action'
);

select * from finish();
rollback;
