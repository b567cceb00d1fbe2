/*
 * What a folder-limited access token reads beyond files and folders.
 *
 * The access-token migration limited folders, files, versions, uploads,
 * name words and the activity log. Tags were left out: a tag is a row of the
 * owner's vocabulary, not of a folder, so api.list_tags and api.tags showed a
 * token limited to Backup/ every tag name of the drive ("salary-2026",
 * "divorce"), with counts. The same held for the shares, share links and
 * invitations (they name items anywhere in the drive, and recipients' email
 * addresses) and for payments (phone numbers), which no access token needs.
 *
 * The rules, as restrictive policies (they AND with the read policies, so
 * every view and invoker function obeys them):
 *   tags         a folder-limited token reads only tags on files inside its
 *                folder (trashed ones included: the trash of the folder is
 *                inside it too); file_tags only links of files inside.
 *   shares       a folder-limited token reads none (neither made nor
 *                received: "Shared with me" is outside any folder).
 *   share links, invitations, payments
 *                no access token reads them: they are account matters, and
 *                the pre-request already refuses a token every function
 *                that manages them.
 */

/* The tags on files inside the token's folder (empty for an unlimited session: callers test token_folder() first). */
create function app.token_tag_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select distinct ft.tag_id
  from app.file_tags ft
  join app.files f on f.id = ft.file_id
  where app.token_folder() is not null
    and f.owner_id = app.current_user_id()
    and f.folder_id in (select app.token_subtree())
$$;
comment on function app.token_tag_ids() is 'The ids of the caller''s tags that are on files inside the access token''s folder.';
grant execute on function app.token_tag_ids() to authenticated;

create policy "a folder-limited access token reads only tags on files inside its folder" on app.tags
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null or id in (select app.token_tag_ids()));
create policy "a folder-limited access token reads only tag links of files inside its folder" on app.file_tags
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null
    or file_id in (select f.id from app.files f where f.folder_id in (select app.token_subtree())));

create policy "a folder-limited access token reads no shares" on app.shares
  as restrictive for select to authenticated
  using ((select app.token_folder()) is null);
create policy "an access token reads no share links" on app.share_links
  as restrictive for select to authenticated
  using ((select app.token_scopes()) is null);
create policy "an access token reads no share invitations" on app.share_invitations
  as restrictive for select to authenticated
  using ((select app.token_scopes()) is null);
create policy "an access token reads no payments" on app.transactions
  as restrictive for select to authenticated
  using ((select app.token_scopes()) is null);

/*
 * Tagging a file inside the folder with a name the vocabulary already has
 * (a tag used only outside the folder) must still attach that tag, though
 * the token cannot read it. attach_tags, restated: it now runs as its
 * definer, so it finds the owner's tag by name, and it refuses an owner
 * other than the caller (a function of the caller's: add_tags checks the
 * file and files.write first). The upload trigger calls it for the
 * uploader, or, for a share-link upload, with no signed-in caller at all.
 */
create or replace function app.attach_tags(target_file uuid, owner uuid, names text[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  clean text[] := app.clean_tag_names(names);
begin
  if app.current_user_id() is not null and owner is distinct from app.current_user_id() then
    raise exception using errcode = '42501', message = 'You can tag only your own files.';
  end if;
  if cardinality(clean) = 0 then
    return;
  end if;
  insert into app.tags (owner_id, name)
  select owner, n from unnest(clean) n
  on conflict (owner_id, name) do nothing;
  insert into app.file_tags (file_id, tag_id, owner_id)
  select target_file, t.id, owner
  from app.tags t
  where t.owner_id = owner and t.name = any(clean)
  on conflict do nothing;
end
$$;
comment on function app.attach_tags(uuid, uuid, text[]) is
  'Puts the owner''s tags with these names (made when missing) on a file; only for the signed-in owner, or with no signed-in caller (share-link uploads).';
