-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.profiles with (security_invoker=true) as
 SELECT u.id,
    u.name,
    u.avatar_url,
    u.bio
   FROM app.users u;

grant select on table api.profiles to authenticated;

comment on view api.profiles is 'Public profiles (id, name, avatar_url, bio), readable by signed-in users.';
