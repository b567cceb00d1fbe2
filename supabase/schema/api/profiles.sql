-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

create view api.profiles with (security_invoker=true) as
 SELECT u.id,
    u.name,
    u.avatar_url,
    u.bio
   FROM app.users u;

grant select on table api.profiles to authenticated;

comment on view api.profiles is 'Profiles (id, name, avatar_url, bio) the signed-in user may list: their own; everyone''s for holders of users.read; people they share with. Not a directory: read anyone else''s by id with rpc/profile.';
