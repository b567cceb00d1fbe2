-- The files housekeeping runs as service_role.
--
-- POST /functions/v1/files/maintenance was guarded by a role check in
-- TypeScript and then ran every step as the superuser. It now runs each step
-- as its caller through the one caller path, so the grants decide who may:
-- expire_uploads, purge_expired_trash, object_is_referenced and the garbage
-- and reindex queues are service_role's alone, so an `authenticated` caller
-- gets 403 at the first step and changes nothing.
--
-- Re-reading a file's text from its bytes is the owner's own
-- index_version_content, which the job calls as service_role on the owner's
-- behalf (the owner's id as `sub`, no session: the service role is trusted
-- with every row already).

grant execute on function app.index_version_content(uuid, text) to service_role;
