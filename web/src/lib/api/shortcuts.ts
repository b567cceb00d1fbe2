// My shortcuts (view shortcuts): what others share with me, placed in a
// folder of my drive or its root; rpc/add_shortcut and rpc/remove_shortcut.
// A shortcut is listed only while its share is active (the view joins
// through shared_with_me), so nothing here checks access itself.
import { supabase } from './client';
import { unwrap } from './errors';
import type { Database } from './database.types';

export type ShortcutRow = Database['api']['Views']['shortcuts']['Row'];

/** The shortcuts in one of my folders (null: the root), by name. */
export async function listShortcuts(parentId: string | null): Promise<ShortcutRow[]> {
  const all = supabase.from('shortcuts').select('*');
  const here = parentId ? all.eq('parent_id', parentId) : all.is('parent_id', null);
  return unwrap(await here.order('name').order('id')) ?? [];
}

/** Every shortcut I have (a person has a handful: one per item shared with them at most). */
export async function listAllShortcuts(): Promise<ShortcutRow[]> {
  return unwrap(await supabase.from('shortcuts').select('*').order('created_at')) ?? [];
}

/** Places an item shared with me in my folder `parentId` (null: the root); answers the shortcut. */
export async function addShortcut(item: { kind: 'file' | 'folder'; id: string }, parentId: string | null): Promise<ShortcutRow> {
  const args = { ...(item.kind === 'file' ? { file_id: item.id } : { folder_id: item.id }), ...(parentId ? { parent_id: parentId } : {}) };
  return unwrap(await supabase.rpc('add_shortcut', args)) as unknown as ShortcutRow;
}

/** Removes one of my shortcuts; the item and my access to it stay. */
export async function removeShortcut(id: string): Promise<void> {
  unwrap(await supabase.rpc('remove_shortcut', { shortcut_id: id }));
}
