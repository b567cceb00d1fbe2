/*
 * One permissive policy per table, role and action.
 *
 * Six tables let a signed-in user read rows through two permissive policies
 * (their own rows, or everyone's for holders of a permission). Postgres ORs
 * permissive policies, so one policy saying both reads the same; it is what
 * `supabase db advisors` asks for (multiple_permissive_policies), and a
 * reader finds the whole rule in one sentence. The sub-selects keep each
 * helper evaluated once per query.
 */

drop policy "owners read their folders" on app.folders;
drop policy "admins read every folder's metadata" on app.folders;
create policy "owners, and holders of files.read_all_metadata, read folders" on app.folders
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or (select app.user_has_permission('files.read_all_metadata')));

drop policy "owners read their files" on app.files;
drop policy "admins read every file's metadata" on app.files;
create policy "owners, and holders of files.read_all_metadata, read files" on app.files
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or (select app.user_has_permission('files.read_all_metadata')));

drop policy "owners read their file versions" on app.file_versions;
drop policy "admins read every version's metadata" on app.file_versions;
create policy "owners, and holders of files.read_all_metadata, read file versions" on app.file_versions
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or (select app.user_has_permission('files.read_all_metadata')));

drop policy "owners read their name words" on app.owner_name_words;
drop policy "admins read every owner's name words" on app.owner_name_words;
create policy "owners, and holders of files.read_all_metadata, read name words" on app.owner_name_words
  for select to authenticated
  using (owner_id = (select app.current_user_id()) or (select app.user_has_permission('files.read_all_metadata')));

drop policy "users read their own activity" on app.activity_log;
drop policy "holders of logs.read read the whole activity log" on app.activity_log;
create policy "users read their own activity, holders of logs.read all of it" on app.activity_log
  for select to authenticated
  using (actor_id = (select app.current_user_id()) or (select app.user_has_permission('logs.read')));

drop policy "users read their own roles" on app.user_roles;
drop policy "holders of users.read read everyone's roles" on app.user_roles;
create policy "users read their own roles, holders of users.read everyone's" on app.user_roles
  for select to authenticated
  using (user_id = (select app.current_user_id()) or (select app.user_has_permission('users.read')));
