// Tags: the user's vocabulary with counts, the tags on files, and the tag RPCs.
import { supabase } from './client';
import { unwrap } from './errors';
import { counted, everyRow } from './every-row';
import { toNumber, type FileTagRow, type TagRow } from './types';

export type { TagRow };

/** A tag as it sits on a file. */
export interface Tag {
  id: string;
  name: string;
}

/** Every tag of the user, by name, with counts (rpc/list_tags). */
export async function listTags(): Promise<TagRow[]> {
  const rows = await everyRow<TagRow>((from, to, first) =>
    supabase.rpc('list_tags', {}, counted(first)).order('name').order('id').range(from, to));
  return rows.map((r) => ({ ...r, file_count: toNumber(r.file_count) }));
}

/** The tags on one file, by name. */
export async function listFileTags(fileId: string): Promise<Tag[]> {
  const rows = unwrap(await supabase.from('file_tags').select('tag_id,name').eq('file_id', fileId).order('name')) ?? [];
  return rows.map((r) => ({ id: r.tag_id, name: r.name }));
}

/**
 * The tags on every file directly inside a folder (null = the root), in one
 * request: file id -> its tags by name.
 */
export async function listFolderFileTags(folderId: string | null): Promise<Record<string, Tag[]>> {
  const rows = await everyRow<Pick<FileTagRow, 'file_id' | 'tag_id' | 'name'>>((from, to, first) => {
    const q = supabase.from('file_tags').select('file_id,tag_id,name', counted(first));
    return (folderId ? q.eq('folder_id', folderId) : q.is('folder_id', null))
      .order('name').order('file_id').order('tag_id').range(from, to);
  });
  const byFile: Record<string, Tag[]> = {};
  for (const r of rows) (byFile[r.file_id] ??= []).push({ id: r.tag_id, name: r.name });
  return byFile;
}

/** Adds tags to a file (normalised by the API); answers the file's tags. */
export async function addTags(fileId: string, names: string[]): Promise<Tag[]> {
  return (unwrap(await supabase.rpc('add_tags', { file_id: fileId, tags: names })) ?? []) as unknown as Tag[];
}

/** Takes one tag off a file (it stays in the vocabulary); answers the file's tags. */
export async function removeTag(fileId: string, tagId: string): Promise<Tag[]> {
  return (unwrap(await supabase.rpc('remove_tag', { file_id: fileId, tag_id: tagId })) ?? []) as unknown as Tag[];
}

/** Renames a tag everywhere; a name already taken is refused (merge instead). */
export async function renameTag(tagId: string, name: string): Promise<Tag> {
  return unwrap(await supabase.rpc('rename_tag', { tag_id: tagId, name })) as unknown as Tag;
}

/** Moves every file of `sourceId` to `targetId` and deletes the source; answers the target. */
export async function mergeTags(sourceId: string, targetId: string): Promise<Tag> {
  return unwrap(await supabase.rpc('merge_tags', { source_id: sourceId, target_id: targetId })) as unknown as Tag;
}

/** Deletes a tag and takes it off every file. */
export async function deleteTag(tagId: string): Promise<void> {
  unwrap(await supabase.rpc('delete_tag', { tag_id: tagId }));
}
