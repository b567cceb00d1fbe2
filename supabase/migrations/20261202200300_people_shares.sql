/*
 * People shares: a file or folder shared with another person by email, as
 * `viewer` or `editor`, with an optional expiry. The owner sees who has
 * access (`api.shares`), changes or revokes it; the recipient finds it in
 * `api.shared_with_me`. An email without an account gets an invitation:
 * a single-use token (only its SHA-256 kept) mailed to the address, valid 7
 * days; it is the token, not signing up with that address, that turns the
 * invitation into a share (`rpc/accept_invitation`), so nobody can claim a
 * share by registering someone else's email.
 *
 * This migration holds the share rows and their API. The recipient's access
 * to the shared files themselves (row-level security on files, folders,
 * versions and tags through set-returning lookups over these indexed rows)
 * comes in the next one.
 */

insert into app.notification_types (type, category, description, title, title_folded, email_default, email_subject, email_body, sort_order)
values ('shared_with_you', 'sharing', 'Someone shared a file or folder with you',
  '{{by}} shared {{name}} with you', '{{by}} shared {{count}} items with you', true,
  '{{by}} shared {{name}} with you',
  E'Hello{{name_of_user}},\n\n{{by}} shared {{name}} with you as {{role}}.\n\nFind it under "Shared with me": {{site_url}}/shared\n',
  210)
on conflict (type) do nothing;

/* One row per person an item is shared with. */
create table app.shares (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references app.users (id) on delete cascade,
  recipient_id uuid not null references app.users (id) on delete cascade,
  file_id uuid references app.files (id) on delete cascade,
  folder_id uuid references app.folders (id) on delete cascade,
  role text not null check (role in ('viewer', 'editor')),
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint shares_one_item check (num_nonnulls(file_id, folder_id) = 1),
  constraint shares_not_self check (recipient_id <> owner_id)
);
alter table app.shares enable row level security;
comment on table app.shares is 'Files and folders shared with a person: the recipient, the role (viewer or editor) and an optional expiry.';
create unique index shares_file_recipient on app.shares (file_id, recipient_id) where file_id is not null;
create unique index shares_folder_recipient on app.shares (folder_id, recipient_id) where folder_id is not null;
-- The lookups access checks run: "what is shared with me" by recipient, "who has access" by owner.
create index shares_recipient on app.shares (recipient_id, folder_id, file_id);
create index shares_owner on app.shares (owner_id, created_at desc);
revoke all on app.shares from public, anon, authenticated;
grant select on app.shares to authenticated;
grant all on app.shares to service_role;
create policy "owners and recipients read their shares" on app.shares
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or recipient_id = (select app.current_user_id()));
create trigger shares_touch before update on app.shares for each row execute function app.touch_updated_at();

/* Invitations to an address without an account. */
create table app.share_invitations (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references app.users (id) on delete cascade,
  email extensions.citext not null check (length(email) <= 320),
  file_id uuid references app.files (id) on delete cascade,
  folder_id uuid references app.folders (id) on delete cascade,
  role text not null check (role in ('viewer', 'editor')),
  share_expires_at timestamptz,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references app.users (id) on delete set null,
  revoked_at timestamptz,
  constraint share_invitations_one_item check (num_nonnulls(file_id, folder_id) = 1)
);
alter table app.share_invitations enable row level security;
comment on table app.share_invitations is 'Invitations to share with an address that has no account: the SHA-256 of the mailed single-use token, 7 days.';
create index share_invitations_owner on app.share_invitations (owner_id, created_at desc);
revoke all on app.share_invitations from public, anon, authenticated;
grant select (id, owner_id, email, file_id, folder_id, role, share_expires_at, created_at, expires_at, accepted_at, accepted_by, revoked_at)
  on app.share_invitations to authenticated;
grant all on app.share_invitations to service_role;
create policy "owners read their invitations" on app.share_invitations
  for select to authenticated using (owner_id = (select app.current_user_id()));

/* A share's expiry as asked: null for none, else in the future. */
create or replace function private.share_expiry(wanted timestamptz)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
begin
  if wanted is null or wanted = 'infinity' then
    return null;
  end if;
  if wanted <= now() then
    raise exception using errcode = 'PT400', message = 'The expiry must be in the future.';
  end if;
  return wanted;
end
$$;

/* The name of an item the caller owns (not in the trash), or PT404. */
create or replace function private.owned_item_name(owner uuid, file_id uuid, folder_id uuid)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  found_name text;
begin
  if num_nonnulls(file_id, folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if file_id is not null then
    select f.name into found_name from app.files f where f.id = owned_item_name.file_id and f.owner_id = owner and f.trashed_at is null;
    if found_name is null then
      raise exception using errcode = 'PT404', message = 'File not found.';
    end if;
  else
    select d.name into found_name from app.folders d where d.id = owned_item_name.folder_id and d.owner_id = owner and d.trashed_at is null;
    if found_name is null then
      raise exception using errcode = 'PT404', message = 'Folder not found.';
    end if;
  end if;
  return found_name;
end
$$;

/*
 * Shares one of the caller's files or folders with a person by email. An
 * account gets the share at once (and a notification, emailed); an address
 * without one gets an invitation by email. Answers {share} or {invitation};
 * sharing again with the same person changes the role and expiry.
 */
create or replace function api.share_with(
  email text,
  file_id uuid default null,
  folder_id uuid default null,
  role text default 'viewer',
  expires_at timestamptz default null
)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  item_name text := private.owned_item_name(uid, file_id, folder_id);
  wanted_role text := coalesce(role, 'viewer');
  expiry timestamptz := private.share_expiry(expires_at);
  address text := private.clean_email(email);
  recipient app.users;
  me app.users;
  share app.shares;
  token text;
  invitation app.share_invitations;
begin
  perform app.require_live_session();
  if wanted_role not in ('viewer', 'editor') then
    raise exception using errcode = 'PT400', message = 'role must be viewer or editor.';
  end if;
  select * into me from app.users u where u.id = uid;
  select * into recipient from app.users u where u.email operator(extensions.=) address::extensions.citext;
  if recipient.id = uid then
    raise exception using errcode = 'PT400', message = 'You already own this.';
  end if;
  if recipient.id is not null then
    select * into share from app.shares s
    where s.recipient_id = recipient.id and s.file_id is not distinct from file_id and s.folder_id is not distinct from folder_id
    for update;
    if share.id is null then
      insert into app.shares (owner_id, recipient_id, file_id, folder_id, role, expires_at)
      values (uid, recipient.id, file_id, folder_id, wanted_role, expiry)
      returning * into share;
    else
      update app.shares s set role = wanted_role, expires_at = expiry where s.id = share.id returning * into share;
    end if;
    perform app.log_activity('share.grant', null, 'share', share.id::text, jsonb_build_object(
      'recipient_id', recipient.id, 'file_id', file_id, 'folder_id', folder_id, 'role', wanted_role));
    perform app.notify(recipient.id, 'shared_with_you', jsonb_build_object(
      'by', coalesce(me.name, me.email::text), 'name', item_name, 'role', wanted_role),
      case when file_id is not null then 'file' else 'folder' end, coalesce(file_id, folder_id));
    return jsonb_build_object('share', to_jsonb(share));
  end if;

  token := private.new_link_token();
  insert into app.share_invitations (owner_id, email, file_id, folder_id, role, share_expires_at, token_hash)
  values (uid, address, file_id, folder_id, wanted_role, expiry, extensions.digest(token, 'sha256'))
  returning * into invitation;
  perform private.enqueue_email(address,
    format('%s shared %s with you', coalesce(me.name, me.email::text), item_name),
    format(E'Hello,\n\n%s shared %s with you on pgdrive as %s.\n\nOpen it (the link works once, for 7 days; sign up or sign in first):\n%s/invitations/{{secret}}\n',
      coalesce(me.name, me.email::text), item_name, wanted_role, private.site_url()),
    'share_invitation', token);
  perform app.log_activity('share.invite', null, 'share_invitation', invitation.id::text, jsonb_build_object(
    'email', address, 'file_id', file_id, 'folder_id', folder_id, 'role', wanted_role));
  return jsonb_build_object('invitation', jsonb_build_object('id', invitation.id, 'email', invitation.email,
    'role', invitation.role, 'expires_at', invitation.expires_at));
end
$$;
comment on function api.share_with(text, uuid, uuid, text, timestamptz) is
  'Shares one of your files or folders with a person by email as viewer or editor (optional expires_at); an address without an account gets an emailed invitation. Answers {share} or {invitation}.';
grant execute on function api.share_with(text, uuid, uuid, text, timestamptz) to authenticated;

/* Changes the role or expiry of a share of the caller's (null leaves it; expires_at 'infinity' removes the expiry). */
create or replace function api.update_share(share_id uuid, role text default null, expires_at timestamptz default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_permission('files.write');
  share app.shares;
begin
  perform app.require_live_session();
  if role is not null and role not in ('viewer', 'editor') then
    raise exception using errcode = 'PT400', message = 'role must be viewer or editor.';
  end if;
  update app.shares s
  set role = coalesce(update_share.role, s.role),
      expires_at = case when update_share.expires_at is null then s.expires_at else private.share_expiry(update_share.expires_at) end
  where s.id = share_id and s.owner_id = uid
  returning * into share;
  if share.id is null then
    raise exception using errcode = 'PT404', message = 'Share not found.';
  end if;
  perform app.log_activity('share.update', null, 'share', share.id::text,
    jsonb_build_object('recipient_id', share.recipient_id, 'role', share.role, 'expires_at', share.expires_at));
  return to_jsonb(share);
end
$$;
comment on function api.update_share(uuid, text, timestamptz) is 'Changes the role or expiry of one of your shares (expires_at ''infinity'' removes it).';
grant execute on function api.update_share(uuid, text, timestamptz) to authenticated;

/* Ends a share at once: its owner; or its recipient, leaving it. */
create or replace function api.revoke_share(share_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  share app.shares;
begin
  perform app.require_live_session();
  delete from app.shares s where s.id = share_id and (s.owner_id = uid or s.recipient_id = uid) returning * into share;
  if share.id is null then
    raise exception using errcode = 'PT404', message = 'Share not found.';
  end if;
  perform app.log_activity('share.revoke', null, 'share', share.id::text,
    jsonb_build_object('owner_id', share.owner_id, 'recipient_id', share.recipient_id, 'left', share.recipient_id = uid));
end
$$;
comment on function api.revoke_share(uuid) is 'Ends one of your shares at once (a recipient may leave one shared with them).';
grant execute on function api.revoke_share(uuid) to authenticated;

/* Withdraws an invitation not yet accepted. */
create or replace function api.revoke_invitation(invitation_id uuid)
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
  perform app.require_live_session();
  update app.share_invitations i set revoked_at = now()
  where i.id = invitation_id and i.owner_id = uid and i.accepted_at is null and i.revoked_at is null;
  if not found then
    raise exception using errcode = 'PT404', message = 'Invitation not found.';
  end if;
  perform app.log_activity('share.invitation_revoke', null, 'share_invitation', invitation_id::text, '{}');
end
$$;
comment on function api.revoke_invitation(uuid) is 'Withdraws one of your invitations that was not accepted yet.';
grant execute on function api.revoke_invitation(uuid) to authenticated;

/*
 * Turns an emailed invitation into a share for the signed-in caller, once:
 * the token decides, not the caller's email (whoever holds the mailed token
 * was meant to have it; an account registered with the address gets nothing
 * without it).
 */
create or replace function api.accept_invitation(token text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  uid uuid := app.require_user_id();
  invitation app.share_invitations;
  share app.shares;
begin
  perform app.require_live_session();
  if token is null or token !~ '^[A-Za-z0-9_-]{43}$' then
    raise exception using errcode = 'PT404', message = 'This invitation does not exist or was already used.';
  end if;
  select * into invitation from app.share_invitations i where i.token_hash = extensions.digest(token, 'sha256') for update;
  if invitation.id is null or invitation.accepted_at is not null or invitation.revoked_at is not null then
    raise exception using errcode = 'PT404', message = 'This invitation does not exist or was already used.';
  end if;
  if invitation.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'This invitation has expired: ask for a new one.';
  end if;
  if invitation.owner_id = uid then
    raise exception using errcode = 'PT400', message = 'You cannot accept your own invitation.';
  end if;
  if not exists (select from app.files f where f.id = invitation.file_id and f.trashed_at is null)
     and not exists (select from app.folders d where d.id = invitation.folder_id and d.trashed_at is null) then
    raise exception using errcode = 'PT404', message = 'What was shared is no longer there.';
  end if;
  update app.share_invitations i set accepted_at = now(), accepted_by = uid where i.id = invitation.id;
  select * into share from app.shares s
  where s.recipient_id = uid and s.file_id is not distinct from invitation.file_id
    and s.folder_id is not distinct from invitation.folder_id
  for update;
  if share.id is null then
    insert into app.shares (owner_id, recipient_id, file_id, folder_id, role, expires_at)
    values (invitation.owner_id, uid, invitation.file_id, invitation.folder_id, invitation.role, invitation.share_expires_at)
    returning * into share;
  end if;
  perform app.log_activity('share.invitation_accept', null, 'share', share.id::text,
    jsonb_build_object('invitation_id', invitation.id, 'owner_id', invitation.owner_id));
  return to_jsonb(share);
end
$$;
comment on function api.accept_invitation(text) is 'Turns an emailed invitation (its token, once, within 7 days) into a share for you.';
grant execute on function api.accept_invitation(text) to authenticated;

/*
 * The other party of a share (the recipient for its owner, the owner for its
 * recipient) and the shared item's name and kind: users and files are
 * readable only by their own under RLS, so the views ask these, which
 * answer nothing for anyone else.
 */
create or replace function app.share_party(share_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name)
  from app.shares s
  join app.users u on u.id = case when s.owner_id = app.current_user_id() then s.recipient_id else s.owner_id end
  where s.id = share_id and app.current_user_id() in (s.owner_id, s.recipient_id)
$$;
grant execute on function app.share_party(uuid) to authenticated;

create or replace function app.shared_item(share_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select jsonb_build_object('kind', 'file', 'name', f.name, 'mime_type', f.mime_type, 'size', f.size, 'updated_at', f.updated_at)
     from app.files f where f.id = s.file_id and f.trashed_at is null),
    (select jsonb_build_object('kind', 'folder', 'name', d.name, 'updated_at', d.updated_at)
     from app.folders d where d.id = s.folder_id and d.trashed_at is null))
  from app.shares s
  where s.id = share_id and app.current_user_id() in (s.owner_id, s.recipient_id)
$$;
grant execute on function app.shared_item(uuid) to authenticated;

/* What I shared, with whom. */
create view api.shares with (security_invoker = true) as
select s.id, s.file_id, s.folder_id, app.shared_item(s.id) ->> 'name' as item_name, s.recipient_id,
  app.share_party(s.id) ->> 'email' as recipient_email, app.share_party(s.id) ->> 'name' as recipient_name,
  s.role, s.expires_at, s.created_at, s.updated_at
from app.shares s
where s.owner_id = (select app.current_user_id());
comment on view api.shares is 'Your shares: each file or folder you shared, the person, the role and the expiry.';
grant select on api.shares to authenticated;

/* What others shared with me, while it lasts and is not in their trash. */
create view api.shared_with_me with (security_invoker = true) as
select x.id, x.file_id, x.folder_id, x.item ->> 'kind' as kind, x.item ->> 'name' as name, x.item ->> 'mime_type' as mime_type,
  (x.item ->> 'size')::bigint as size, (x.item ->> 'updated_at')::timestamptz as updated_at,
  x.owner_id, app.share_party(x.id) ->> 'name' as owner_name, app.share_party(x.id) ->> 'email' as owner_email,
  x.role, x.expires_at, x.created_at
from (
  select s.*, app.shared_item(s.id) as item from app.shares s
  where s.recipient_id = (select app.current_user_id()) and (s.expires_at is null or s.expires_at > now())
) x
where x.item is not null;
comment on view api.shared_with_me is 'Files and folders others shared with you: the item, its owner, your role and the expiry.';
grant select on api.shared_with_me to authenticated;

/* Invitations I sent (no tokens). */
create view api.share_invitations with (security_invoker = true) as
select i.id, i.email::text as email, i.file_id, i.folder_id, i.role, i.share_expires_at, i.created_at, i.expires_at,
  i.accepted_at, i.revoked_at,
  case when i.revoked_at is not null then 'revoked' when i.accepted_at is not null then 'accepted'
       when i.expires_at <= now() then 'expired' else 'pending' end as state
from app.share_invitations i
where i.owner_id = (select app.current_user_id());
comment on view api.share_invitations is 'Your invitations to addresses without an account: pending, accepted, expired or revoked.';
grant select on api.share_invitations to authenticated;
