/*
 * Re-sharing: an editor shares what was shared with them (with people, or
 * as a link) only when the owner allows it, with `allow_reshare` on the
 * share (rpc/share_with, rpc/update_share; off by default, and only the
 * owner sets it). Without it an editor gets 403, as before; a viewer never
 * re-shares.
 *
 * What a re-sharer makes is the owner's (owner_id: the owner sees it under
 * `shares` and `share_links` and can revoke it; uploads through such a link
 * fill the owner's quota), made by them (shares.shared_by,
 * share_links.created_by: they see, change and revoke what they made). It
 * never outlives the access it came from: its expiry is capped at the
 * re-sharer's own, and when the owner revokes the re-sharer's share, turns
 * it to viewer, or withdraws allow_reshare, whatever the re-sharer can no
 * longer make goes in the same transaction (shares deleted, links revoked).
 * A re-sharer cannot pass allow_reshare on, invite an address without an
 * account, or change a share someone else made.
 */

alter table app.shares add column allow_reshare boolean not null default false;
alter table app.shares add column shared_by uuid references app.users (id) on delete cascade;
comment on column app.shares.allow_reshare is 'Whether an editor may share the item on (with people or as a link); only the owner sets it.';
comment on column app.shares.shared_by is 'The editor who re-shared the owner''s item; null when the owner shared it.';
create index shares_shared_by on app.shares (shared_by) where shared_by is not null;

alter table app.share_links add column created_by uuid references app.users (id) on delete cascade;
comment on column app.share_links.created_by is 'The editor who made this link to the owner''s item by re-sharing; null when the owner made it.';
create index share_links_created_by on app.share_links (created_by) where created_by is not null;
grant select (created_by) on app.share_links to authenticated;

drop policy "owners and recipients read their shares" on app.shares;
create policy "owners, recipients and re-sharers read their shares" on app.shares
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or recipient_id = (select app.current_user_id())
         or shared_by = (select app.current_user_id()));

drop policy "owners, and holders of shares.read_all, read share links" on app.share_links;
create policy "owners, re-sharers who made them, and holders of shares.read_all, read share links" on app.share_links
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or created_by = (select app.current_user_id())
         or (select app.user_has_permission('shares.read_all')));

/*
 * What lets `person` re-share an item: their active editor shares with
 * allow_reshare on the item itself or a folder above it (up an untrashed
 * chain). Answers {owner_id, until} (until: null when one of them never
 * expires, else the latest expiry), or null when nothing does.
 */
create or replace function app.reshare_grant(person uuid, file_id uuid, folder_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with recursive start as (
    select coalesce(reshare_grant.folder_id,
      (select f.folder_id from app.files f where f.id = reshare_grant.file_id and f.trashed_at is null)) as id
  ), up as (
    select d.id, d.parent_id from app.folders d join start on d.id = start.id where d.trashed_at is null
    union all
    select p.id, p.parent_id from app.folders p join up on p.id = up.parent_id where p.trashed_at is null
  )
  select jsonb_build_object('owner_id', (array_agg(s.owner_id))[1],
    'until', case when bool_or(s.expires_at is null) then null else max(s.expires_at) end)
  from app.shares s
  where s.recipient_id = person and s.role = 'editor' and s.allow_reshare
    and (s.expires_at is null or s.expires_at > now())
    and ((s.folder_id is not null and s.folder_id in (select up.id from up))
         or (reshare_grant.file_id is not null and s.file_id = reshare_grant.file_id
             and exists (select from app.files f where f.id = reshare_grant.file_id and f.trashed_at is null)))
  having count(*) > 0
$$;
comment on function app.reshare_grant(uuid, uuid, uuid) is
  'What lets a person re-share a file or folder: {owner_id, until} from their active editor shares with allow_reshare on it or above it, or null.';

/*
 * The owner of an item the caller may share: their own (not in the trash),
 * or one an editor share with allow_reshare reaches. PT403 for an item
 * shared with them without it; PT404 for anything else.
 */
create or replace function private.sharer_owner(uid uuid, file_id uuid, folder_id uuid)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  owner uuid;
  kind text := case when sharer_owner.file_id is not null then 'File' else 'Folder' end;
begin
  if num_nonnulls(sharer_owner.file_id, sharer_owner.folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if sharer_owner.file_id is not null then
    select f.owner_id into owner from app.files f where f.id = sharer_owner.file_id and f.trashed_at is null;
  else
    select d.owner_id into owner from app.folders d where d.id = sharer_owner.folder_id and d.trashed_at is null;
  end if;
  if owner = uid then
    return owner;
  end if;
  if owner is not null and app.reshare_grant(uid, sharer_owner.file_id, sharer_owner.folder_id) is not null then
    return owner;
  end if;
  if owner is not null and (
       sharer_owner.file_id in (select app.shared_files())
    or (select f.folder_id from app.files f where f.id = sharer_owner.file_id) in (select app.shared_folders())
    or sharer_owner.folder_id in (select app.shared_folders())) then
    raise exception using errcode = 'PT403', message = 'The owner has not allowed you to share this.',
      hint = 'Ask the owner to share it, or to let you re-share it.';
  end if;
  raise exception using errcode = 'PT404', message = kind || ' not found.';
end
$$;
comment on function private.sharer_owner(uuid, uuid, uuid) is
  'The owner of a file or folder the caller may share (theirs, or re-shareable through an editor share); PT403 when shared with them without allow_reshare, PT404 otherwise.';

/* The other party of a share: for its owner the recipient, for its recipient the owner, for a re-sharer the recipient. */
create or replace function app.share_party(share_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object('id', u.id, 'email', u.email, 'name', u.name)
  from app.shares s
  join app.users u on u.id = case when s.recipient_id = app.current_user_id() then s.owner_id else s.recipient_id end
  where s.id = share_id and app.current_user_id() in (s.owner_id, s.recipient_id, s.shared_by)
$$;

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
  where s.id = share_id and app.current_user_id() in (s.owner_id, s.recipient_id, s.shared_by)
$$;

/* What I shared, with whom: my own items' shares (re-shares by editors too) and the re-shares I made. */
create or replace view api.shares with (security_invoker = true) as
select s.id, s.file_id, s.folder_id, app.shared_item(s.id) ->> 'name' as item_name, s.recipient_id,
  app.share_party(s.id) ->> 'email' as recipient_email, app.share_party(s.id) ->> 'name' as recipient_name,
  s.role, s.expires_at, s.created_at, s.updated_at, s.allow_reshare, s.shared_by
from app.shares s
where s.owner_id = (select app.current_user_id()) or s.shared_by = (select app.current_user_id());
comment on view api.shares is
  'Your shares: each file or folder you shared (or re-shared), the person, the role, the expiry, whether they may re-share it, and who re-shared it (shared_by; null: the owner).';
comment on column api.shares.allow_reshare is 'Whether this editor may share the item on; set by the owner.';
comment on column api.shares.shared_by is 'The editor who re-shared your item; null when you shared it.';

create or replace view api.share_links with (security_invoker = true) as
select l.id, l.file_id, l.folder_id, coalesce(f.name, d.name) as item_name, l.type, l.label, l.note, l.expires_at,
  l.has_password, l.max_downloads, l.downloads, l.last_used_at, l.created_at, l.updated_at, l.revoked_at,
  l.from_public_link, app.share_link_state(l.revoked_at, l.expires_at, l.downloads, l.max_downloads) as state,
  l.created_by
from app.share_links l
left join app.files f on f.id = l.file_id
left join app.folders d on d.id = l.folder_id
where l.owner_id = (select app.current_user_id()) or l.created_by = (select app.current_user_id());
comment on column api.share_links.created_by is 'The editor who made this link to your item by re-sharing; null when you made it.';

drop function api.share_with(text, uuid, uuid, text, timestamptz);
/*
 * Shares a file or folder with a person by email: one of the caller's, or
 * one an editor share with allow_reshare reaches (then the share is the
 * owner's, made by the caller, never longer than the caller's own access).
 * An account gets the share at once (and a notification, emailed); an
 * address without one gets an invitation by email (the owner only).
 * Sharing again with the same person changes the role and expiry.
 */
create function api.share_with(
  email text,
  file_id uuid default null,
  folder_id uuid default null,
  role text default 'viewer',
  expires_at timestamptz default null,
  allow_reshare boolean default null
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
  owner uuid := private.sharer_owner(uid, file_id, folder_id);
  resharing boolean := owner <> uid;
  item_name text := coalesce((select f.name from app.files f where f.id = file_id), (select d.name from app.folders d where d.id = folder_id));
  wanted_role text := coalesce(role, 'viewer');
  expiry timestamptz := private.share_expiry(expires_at);
  grant_until timestamptz;
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
  if resharing and allow_reshare then
    raise exception using errcode = 'PT403', message = 'Only the owner can let others re-share.';
  end if;
  if resharing then
    grant_until := (app.reshare_grant(uid, file_id, folder_id) ->> 'until')::timestamptz;
    if grant_until is not null then
      expiry := least(coalesce(expiry, grant_until), grant_until);
    end if;
  end if;
  select * into me from app.users u where u.id = uid;
  select * into recipient from app.users u where u.email operator(extensions.=) address::extensions.citext;
  if recipient.id = uid then
    raise exception using errcode = 'PT400', message = case when resharing then 'You already have access to this.' else 'You already own this.' end;
  end if;
  if recipient.id = owner then
    raise exception using errcode = 'PT400', message = 'This person owns it.';
  end if;
  -- An address nobody has proven is not yet its account's: a share by
  -- email to it (or an invitation from it) could reach a stranger.
  if recipient.id is not null and recipient.email_confirmed_at is null and private.email_confirmation_enforced() then
    raise exception using errcode = 'PT409',
      message = 'This person has not confirmed their email address yet, so nothing can be shared with them.',
      hint = 'Ask them to open the confirmation link we emailed them, then share again.';
  end if;
  if recipient.id is null and resharing then
    raise exception using errcode = 'PT403', message = 'Only the owner can invite someone without an account.',
      hint = 'Share with people who have an account, or make a link.';
  end if;
  if recipient.id is null and me.email_confirmed_at is null and private.email_confirmation_enforced() then
    raise exception using errcode = 'PT403', message = 'Confirm your email address before inviting people.',
      hint = 'Open the link we emailed you, or ask for a new one.';
  end if;
  if recipient.id is not null then
    select * into share from app.shares s
    where s.recipient_id = recipient.id and s.file_id is not distinct from file_id and s.folder_id is not distinct from folder_id
    for update;
    if share.id is not null and resharing and share.shared_by is distinct from uid then
      raise exception using errcode = 'PT409', message = 'This person already has access to this.';
    end if;
    if share.id is null then
      insert into app.shares (owner_id, recipient_id, file_id, folder_id, role, expires_at, allow_reshare, shared_by)
      values (owner, recipient.id, file_id, folder_id, wanted_role, expiry, coalesce(allow_reshare, false),
        case when resharing then uid end)
      returning * into share;
    else
      -- The owner sharing again makes the share hers (it no longer hangs on a re-sharer's access).
      update app.shares s set role = wanted_role, expires_at = expiry,
        allow_reshare = coalesce(share_with.allow_reshare, s.allow_reshare),
        shared_by = case when resharing then uid end
      where s.id = share.id returning * into share;
    end if;
    perform app.log_activity('share.grant', null, 'share', share.id::text, jsonb_build_object(
      'recipient_id', recipient.id, 'file_id', file_id, 'folder_id', folder_id, 'role', wanted_role,
      'allow_reshare', share.allow_reshare) || case when resharing then jsonb_build_object('owner_id', owner) else '{}' end);
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
comment on function api.share_with(text, uuid, uuid, text, timestamptz, boolean) is
  'Shares one of your files or folders with a person by email as viewer or editor (optional expires_at; allow_reshare lets an editor share it on); an address without an account gets an emailed invitation. An editor whose share allows re-sharing shares the owner''s item the same way (not allow_reshare, not invitations; never past their own access). Answers {share} or {invitation}. With auth.require_email_confirmation on: 409 when that person has not confirmed their address, 403 when you have not confirmed yours and would send an invitation.';
grant execute on function api.share_with(text, uuid, uuid, text, timestamptz, boolean) to authenticated;

drop function api.update_share(uuid, text, timestamptz);
/* Changes the role, expiry or allow_reshare of a share of the caller's items (a re-sharer: the role and expiry of one they made). */
create function api.update_share(share_id uuid, role text default null, expires_at timestamptz default null, allow_reshare boolean default null)
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
  grant_until timestamptz;
begin
  perform app.require_live_session();
  if role is not null and role not in ('viewer', 'editor') then
    raise exception using errcode = 'PT400', message = 'role must be viewer or editor.';
  end if;
  select * into share from app.shares s where s.id = share_id and (s.owner_id = uid or s.shared_by = uid) for update;
  if share.id is null then
    raise exception using errcode = 'PT404', message = 'Share not found.';
  end if;
  if share.owner_id <> uid then
    if allow_reshare is not null then
      raise exception using errcode = 'PT403', message = 'Only the owner can let others re-share.';
    end if;
    grant_until := (app.reshare_grant(uid, share.file_id, share.folder_id) ->> 'until')::timestamptz;
  end if;
  update app.shares s
  set role = coalesce(update_share.role, s.role),
      expires_at = case when update_share.expires_at is null then s.expires_at else private.share_expiry(update_share.expires_at) end,
      allow_reshare = coalesce(update_share.allow_reshare, s.allow_reshare)
  where s.id = share.id
  returning * into share;
  if grant_until is not null and (share.expires_at is null or share.expires_at > grant_until) then
    update app.shares s set expires_at = grant_until where s.id = share.id returning * into share;
  end if;
  perform app.log_activity('share.update', null, 'share', share.id::text,
    jsonb_build_object('recipient_id', share.recipient_id, 'role', share.role, 'expires_at', share.expires_at,
      'allow_reshare', share.allow_reshare));
  return to_jsonb(share);
end
$$;
comment on function api.update_share(uuid, text, timestamptz, boolean) is
  'Changes the role, expiry (''infinity'' removes it) or allow_reshare of one of your shares; withdrawing allow_reshare, or the editor role, ends what that person re-shared. A re-sharer changes the role and expiry of a share they made.';
grant execute on function api.update_share(uuid, text, timestamptz, boolean) to authenticated;

/* Ends a share at once: its owner, the re-sharer who made it, or its recipient, leaving it. */
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
  delete from app.shares s where s.id = share_id and (s.owner_id = uid or s.recipient_id = uid or s.shared_by = uid)
  returning * into share;
  if share.id is null then
    raise exception using errcode = 'PT404', message = 'Share not found.';
  end if;
  perform app.log_activity('share.revoke', null, 'share', share.id::text,
    jsonb_build_object('owner_id', share.owner_id, 'recipient_id', share.recipient_id, 'left', share.recipient_id = uid));
end
$$;
comment on function api.revoke_share(uuid) is
  'Ends one of your shares at once, with whatever its recipient re-shared from it (a recipient may leave one shared with them; a re-sharer may end one they made).';

/* When a share ends or changes, what its recipient re-shared and can no longer share goes with it. */
create or replace function app.shares_drop_stranded_reshares()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from app.shares s
  where s.shared_by = old.recipient_id and s.owner_id = old.owner_id
    and app.reshare_grant(old.recipient_id, s.file_id, s.folder_id) is null;
  update app.share_links l set revoked_at = now()
  where l.created_by = old.recipient_id and l.owner_id = old.owner_id and l.revoked_at is null
    and app.reshare_grant(old.recipient_id, l.file_id, l.folder_id) is null;
  return null;
end
$$;
comment on function app.shares_drop_stranded_reshares() is
  'Trigger: when a share ends, turns viewer or loses allow_reshare, the shares and links its recipient made of the owner''s items and may no longer make are deleted and revoked.';
create trigger shares_drop_stranded_reshares after delete or update of role, expires_at, allow_reshare on app.shares
  for each row execute function app.shares_drop_stranded_reshares();

CREATE OR REPLACE FUNCTION api.create_share_link(file_id uuid DEFAULT NULL::uuid, folder_id uuid DEFAULT NULL::uuid, type text DEFAULT 'view'::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, password text DEFAULT NULL::text, max_downloads integer DEFAULT NULL::integer, label text DEFAULT NULL::text, note text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  link_type text := coalesce(create_share_link.type, 'view');
  token text := private.new_link_token();
  link app.share_links;
  owner uuid;
  grant_until timestamptz;
  expiry timestamptz;
begin
  perform app.require_live_session();
  if link_type not in ('view', 'edit', 'file_drop', 'preview_only') then
    raise exception using errcode = 'PT400', message = 'type must be view, edit, file_drop or preview_only.';
  end if;
  if num_nonnulls(create_share_link.file_id, create_share_link.folder_id) <> 1 then
    raise exception using errcode = 'PT400', message = 'Name either file_id or folder_id.';
  end if;
  if create_share_link.file_id is not null and link_type in ('edit', 'file_drop') then
    raise exception using errcode = 'PT400', message = format('A %s link shares a folder, not a file.', link_type);
  end if;
  -- Yours, or one an editor share lets you re-share (the link is then the owner's, made by you).
  owner := private.sharer_owner(uid, create_share_link.file_id, create_share_link.folder_id);
  if owner <> uid then
    grant_until := (app.reshare_grant(uid, create_share_link.file_id, create_share_link.folder_id) ->> 'until')::timestamptz;
  end if;
  if create_share_link.max_downloads is not null and create_share_link.max_downloads < 1 then
    raise exception using errcode = 'PT400', message = 'max_downloads must be 1 or more (or none).';
  end if;

  expiry := private.share_link_expiry(link_type, create_share_link.expires_at, null, true);
  if grant_until is not null then
    -- A re-shared link ends when the re-sharer's own access would.
    expiry := least(coalesce(expiry, grant_until), grant_until);
  end if;
  insert into app.share_links (owner_id, created_by, file_id, folder_id, type, token_hash, label, note, expires_at, password_hash, max_downloads)
  values (
    owner, case when owner <> uid then uid end, create_share_link.file_id, create_share_link.folder_id, link_type, extensions.digest(token, 'sha256'),
    private.share_link_text(create_share_link.label, 'A label', 200),
    private.share_link_text(create_share_link.note, 'A note', 2000),
    expiry,
    private.share_link_password(link_type, create_share_link.password),
    create_share_link.max_downloads
  )
  returning * into link;

  perform app.log_activity('share_link.create', null, 'share_link', link.id::text, jsonb_build_object(
    'type', link.type, 'file_id', link.file_id, 'folder_id', link.folder_id, 'expires_at', link.expires_at,
    'has_password', link.has_password, 'max_downloads', link.max_downloads));
  return app.share_link_json(link.id)
    || jsonb_build_object('token', token, 'url', private.site_url() || '/s/' || token);
end
$function$;
grant execute on function api.create_share_link(file_id uuid, folder_id uuid, type text, expires_at timestamp with time zone, password text, max_downloads integer, label text, note text) to authenticated;
comment on function api.create_share_link(file_id uuid, folder_id uuid, type text, expires_at timestamp with time zone, password text, max_downloads integer, label text, note text) is 'Makes a share link to one of your files or folders (or to one shared with you as editor whose owner allows re-sharing: the link is the owner''s, ends when your access would, and goes when that permission does): type view, edit, file_drop or preview_only; expires_at (default and maximum from rpc/sharing_policy, ''infinity'' for none where allowed), password, max_downloads, label, note. Answers the link with its token (shown once) and url.';

CREATE OR REPLACE FUNCTION api.update_share_link(link_id uuid, label text DEFAULT NULL::text, note text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, password text DEFAULT NULL::text, max_downloads integer DEFAULT NULL::integer)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_permission('files.write');
  link app.share_links;
  changed text[] := '{}';
begin
  perform app.require_live_session();
  select * into link from app.share_links l where l.id = update_share_link.link_id and (l.owner_id = uid or l.created_by = uid) for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'Link not found.';
  end if;
  if link.revoked_at is not null then
    raise exception using errcode = 'PT409', message = 'This link was revoked: make a new one.';
  end if;
  if update_share_link.max_downloads is not null and update_share_link.max_downloads < 0 then
    raise exception using errcode = 'PT400', message = 'max_downloads must be 1 or more (0 for no limit).';
  end if;
  if update_share_link.label is not null then
    link.label := private.share_link_text(update_share_link.label, 'A label', 200);
    changed := changed || 'label'::text;
  end if;
  if update_share_link.note is not null then
    link.note := private.share_link_text(update_share_link.note, 'A note', 2000);
    changed := changed || 'note'::text;
  end if;
  if update_share_link.expires_at is not null then
    link.expires_at := private.share_link_expiry(link.type, update_share_link.expires_at, link.expires_at, false);
    if link.owner_id <> uid then
      link.expires_at := least(coalesce(link.expires_at, 'infinity'),
        coalesce((app.reshare_grant(uid, link.file_id, link.folder_id) ->> 'until')::timestamptz, 'infinity'));
      link.expires_at := nullif(link.expires_at, 'infinity');
    end if;
    changed := changed || 'expires_at'::text;
  end if;
  if update_share_link.password is not null then
    link.password_hash := private.share_link_password(link.type, update_share_link.password);
    changed := changed || 'password'::text;
    delete from app.share_link_access a where a.link_id = link.id;
  end if;
  if update_share_link.max_downloads is not null then
    link.max_downloads := nullif(update_share_link.max_downloads, 0);
    changed := changed || 'max_downloads'::text;
  end if;
  update app.share_links l
  set label = link.label, note = link.note, expires_at = link.expires_at, password_hash = link.password_hash,
      max_downloads = link.max_downloads
  where l.id = link.id;
  perform app.log_activity('share_link.update', null, 'share_link', link.id::text,
    jsonb_build_object('changed', to_jsonb(changed)));
  return app.share_link_json(link.id);
end
$function$;
grant execute on function api.update_share_link(link_id uuid, label text, note text, expires_at timestamp with time zone, password text, max_downloads integer) to authenticated;
comment on function api.update_share_link(link_id uuid, label text, note text, expires_at timestamp with time zone, password text, max_downloads integer) is 'Changes one of your live links (or one you made of an item shared with you): null leaves an option as it is; password '''' removes the password, max_downloads 0 the limit, expires_at ''infinity'' the expiry (where the policy allows). Raising max_downloads revives a link at its limit.';

CREATE OR REPLACE FUNCTION api.revoke_share_link(link_id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_column
declare
  uid uuid := app.require_user_id();
  link app.share_links;
  as_admin boolean;
begin
  perform app.require_live_session();
  select * into link from app.share_links l where l.id = revoke_share_link.link_id for update;
  as_admin := found and link.owner_id <> uid and link.created_by is distinct from uid
    and app.user_has_permission('shares.read_all');
  if not found or (link.owner_id <> uid and link.created_by is distinct from uid and not as_admin) then
    raise exception using errcode = 'PT404', message = 'Link not found.';
  end if;
  if link.revoked_at is null then
    update app.share_links l set revoked_at = now() where l.id = link.id;
    delete from app.share_link_access a where a.link_id = link.id;
    if link.from_public_link then
      delete from app.public_links p where p.file_id = link.file_id and p.token_hash = link.token_hash;
      update app.files f set visibility = 'private' where f.id = link.file_id and f.visibility = 'public'
        and not exists (select from app.public_links p where p.file_id = f.id);
    end if;
    perform app.log_activity('share_link.revoke', null, 'share_link', link.id::text,
      jsonb_build_object('owner_id', link.owner_id, 'by_admin', as_admin, 'type', link.type));
  end if;
  return app.share_link_json(link.id);
end
$function$;
grant execute on function api.revoke_share_link(link_id uuid) to authenticated;
comment on function api.revoke_share_link(link_id uuid) is 'Ends a link at once (yours, one you made of an item shared with you, or any with shares.read_all); a public file''s link makes the file private. Answers the link.';
