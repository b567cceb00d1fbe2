-- Nothing is executable by PUBLIC unless granted by name.
--
-- Postgres gives PUBLIC execute on every new function through its global
-- default privileges; a per-schema `alter default privileges ... revoke`
-- (as in 20261123000200_schemas.sql) can only add to those, never take
-- away, so it left every function callable by anon. Revoking the global
-- default for the migrating role is what works; each function is then
-- granted to exactly the roles that call it.

alter default privileges revoke execute on functions from public;

-- The functions created before this point.
revoke execute on all functions in schema app, api, private from public;
