-- api.dav_unlock and app.settle_upload asked who the caller is inside their
-- statement's WHERE clause, where `supabase db lint` (plpgsql_check) cannot
-- tell the 401 from a statement error. Restated asking first, in the
-- declarations, as every other drive function does.

create or replace function api.dav_unlock(token uuid default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
begin
  delete from app.dav_locks l where l.token = dav_unlock.token and l.owner_id = uid;
  if not found then
    raise exception using errcode = 'PT409', message = 'No such lock.';
  end if;
end
$$;
comment on function api.dav_unlock(uuid) is 'WebDAV UNLOCK: removes one of your locks.';

create or replace function app.settle_upload(upload_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
begin
  update app.uploads u set size = u.received_size
  where u.id = settle_upload.upload_id and u.owner_id = uid
    and u.status = 'pending' and u.received_size is not null and u.received_size <= u.size;
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$$;
comment on function app.settle_upload(uuid) is 'Gives back the part of a pending upload''s reservation its bytes did not use.';
