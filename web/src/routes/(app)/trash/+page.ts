// The trash: folders and files put there, newest first.
import { listTrashedFiles } from '$lib/api/files';
import { listTrashedFolders } from '$lib/api/folders';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends }) => {
  depends('drive:trash');
  const [folders, files] = await Promise.all([listTrashedFolders(), listTrashedFiles()]);
  // Show only the top of each trashed tree: children come back with their parent.
  const trashedFolderIds = new Set(folders.map((f) => f.id));
  return {
    folders: folders.filter((f) => !f.parent_id || !trashedFolderIds.has(f.parent_id)),
    files: files.filter((f) => !f.folder_id || !trashedFolderIds.has(f.folder_id)),
  };
};
