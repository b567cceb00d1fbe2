// The trash: folders and files put there, newest first, with the name of
// the folder each came from (where Restore puts it back).
import { listTrashedFiles } from '$lib/api/files';
import { folderNames, listTrashedFolders } from '$lib/api/folders';
import { pageData } from '$lib/utils/page-load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ depends }) => {
  depends('drive:trash');
  const [folders, files] = await pageData(Promise.all([listTrashedFolders(), listTrashedFiles()]));
  // Show only the top of each trashed tree: children come back with their parent.
  const trashedFolderIds = new Set(folders.map((f) => f.id));
  const topFolders = folders.filter((f) => !f.parent_id || !trashedFolderIds.has(f.parent_id));
  const topFiles = files.filter((f) => !f.folder_id || !trashedFolderIds.has(f.folder_id));
  const parents = [...topFolders.map((f) => f.parent_id), ...topFiles.map((f) => f.folder_id)].filter((id): id is string => !!id);
  return { folders: topFolders, files: topFiles, origins: await pageData(folderNames(parents)) };
};
