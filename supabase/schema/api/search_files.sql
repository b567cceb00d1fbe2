-- Generated from the migrated database by `node scripts/schema-reference.mjs`; do not edit.

CREATE OR REPLACE FUNCTION api.search_files(q text DEFAULT ''::text, tags text[] DEFAULT NULL::text[], type_group text DEFAULT NULL::text, mime_type text DEFAULT NULL::text, modified_from timestamp with time zone DEFAULT NULL::timestamp with time zone, modified_to timestamp with time zone DEFAULT NULL::timestamp with time zone, size_min bigint DEFAULT NULL::bigint, size_max bigint DEFAULT NULL::bigint, folder_id uuid DEFAULT NULL::uuid, include_subfolders boolean DEFAULT true, trashed boolean DEFAULT false, after text DEFAULT NULL::text, page_size integer DEFAULT 50)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
#variable_conflict use_variable
declare
  me uuid := app.require_user_id();
  root uuid := app.token_folder();
  place uuid := folder_id;
  below boolean := include_subfolders;
  place_owner uuid;
  reach uuid[];
  within uuid[];
begin
  if root is not null then
    if place is null then
      place := root;
      below := true;
    elsif not app.token_allows_folder(place) then
      raise exception using errcode = 'PT404', message = 'Folder not found.';
    end if;
  elsif place is not null then
    select fo.owner_id into place_owner from app.folders fo where fo.id = place;
    if place_owner is distinct from me then
      reach := array(select app.shared_folders());
    end if;
  end if;
  if not (place = any(reach)) then
    -- Someone else's folder the caller does not reach, or none: their own search finds nothing there.
    reach := null;
  end if;
  if reach is null then
    return app.search_drive(me, null, null, q, tags, type_group, mime_type, modified_from, modified_to,
      size_min, size_max, place, below, trashed, after, page_size);
  end if;

  if trashed then
    return jsonb_build_object('items', '[]'::jsonb, 'total', 0, 'total_is_exact', true, 'next_cursor', null);
  end if;
  if coalesce(below, false) then
    -- The folder and the reached folders under it.
    within := array(
      with recursive sub(id) as (
        select place
        union all
        select c.id from app.folders c join sub on c.parent_id = sub.id where c.id = any(reach))
      select id from sub);
  else
    within := array[place];
  end if;
  return app.search_drive(place_owner, within, reach, q, tags, type_group, mime_type, modified_from, modified_to,
    size_min, size_max, null, true, false, after, page_size);
end
$function$;
grant execute on function api.search_files(q text, tags text[], type_group text, mime_type text, modified_from timestamp with time zone, modified_to timestamp with time zone, size_min bigint, size_max bigint, folder_id uuid, include_subfolders boolean, trashed boolean, after text, page_size integer) to authenticated;
comment on function api.search_files(q text, tags text[], type_group text, mime_type text, modified_from timestamp with time zone, modified_to timestamp with time zone, size_min bigint, size_max bigint, folder_id uuid, include_subfolders boolean, trashed boolean, after text, page_size integer) is 'Searches your files. Every argument is optional; filters combine with AND.
  q: words or part of a name; matches name substrings (3+ characters), word prefixes in the name, tags, description and the text of text-like files, and (when few files match) near-misses of the name: every word of 5 letters or more one edit from a one-word query (a letter inserted, deleted, replaced, or two swapped), and words alike by trigrams. Up to 256 characters are used.
  tags: the files must carry all of these tags. type_group: image, video, audio, document, spreadsheet, presentation, pdf, archive, code or other (see the type_groups view). mime_type: one exact type.
  modified_from (inclusive) / modified_to (exclusive): updated_at range. size_min / size_max: bytes, inclusive.
  folder_id: only that folder, with its sub-folders unless include_subfolders is false. trashed: false (default) outside the trash, true only the trash, null both.
  after: the next_cursor of the previous page. page_size: 1 to 200 (default 50).
Returns {items, total, total_is_exact, next_cursor}. Each item: id, name, folder_id, folder_path [{id, name}] (the folders from the top of the drive down to the file''s folder; [] at the top), mime_type, type_group, size, description, created_at, updated_at, trashed_at, tags [{id, name}], rank (0 exact name, 1 name prefix, 2 name words, 3 name substring, 4 tags/description/content, 5 near-miss), match (the same as a word), score (near-miss similarity), highlight [{start, length}] (0-based character offsets in name). Ordered by rank, score, then most recently modified. total is exact up to 1000 matches, then an estimate (total_is_exact false). next_cursor is null on the last page.
  An access token limited to a folder searches only inside that folder (folder_id defaults to it; one outside is not found), and folder_path starts at that folder.
  folder_id may be a folder shared with you (or one inside it): the search then covers what the share reaches, outside the trash, as its owner''s search would; folder_path starts at the highest folder shared with you, tags are [] (the owner''s tags are not yours), a tags filter finds nothing, and a word that only the owner''s tags hold does not match. trashed true finds nothing there.
';
