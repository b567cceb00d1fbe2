-- Two upload functions read the caller inside their WHERE clause; the
-- planner may evaluate a stable function while estimating, so a check
-- without a signed-in caller (plpgsql_check, `supabase db lint`) failed
-- there. Read the caller once into a variable, as the other functions do.

create or replace function app.record_upload_bytes(upload_id uuid, size bigint, sha256 text, sniffed_mime text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
begin
  update app.uploads
  set received_size = record_upload_bytes.size,
      received_sha256 = lower(record_upload_bytes.sha256),
      sniffed_mime = app.normalize_mime(record_upload_bytes.sniffed_mime)
  where id = upload_id and owner_id = uid and status = 'pending';
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$$;

create or replace function app.cancel_upload(upload_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  uid uuid := app.require_user_id();
begin
  delete from app.uploads where id = upload_id and owner_id = uid and status = 'pending';
  if not found then
    raise exception using errcode = 'PT404', message = 'Upload not found.';
  end if;
end
$$;
