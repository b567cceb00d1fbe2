// The drive at a folder (the root when no id): its folders, files, the tags
// on those files, and the path.
import { error } from '@sveltejs/kit';
import { listFiles } from '$lib/api/files';
import { listFolderFileTags } from '$lib/api/tags';
import { folderPath, listFolders } from '$lib/api/folders';
import { ApiError } from '$lib/api/errors';
import type { PageLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageLoad = async ({ params, depends }) => {
  depends('drive:list');
  const folderId = params.folderId ?? null;
  if (folderId && !UUID.test(folderId)) error(404, 'This folder does not exist.');
  try {
    const [folders, files, path, fileTags] = await Promise.all([
      listFolders(folderId),
      listFiles(folderId),
      folderId ? folderPath(folderId) : Promise.resolve([]),
      listFolderFileTags(folderId),
    ]);
    if (folderId && path.length === 0) error(404, 'This folder does not exist or is in the trash.');
    return { folderId, folders, files, path, fileTags };
  } catch (err) {
    if (err instanceof ApiError) error(err.status >= 400 && err.status < 500 ? err.status : 502, err.message);
    throw err;
  }
};
