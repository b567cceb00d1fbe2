/**
 * What an edit link changes besides uploads: new folders, renames, moves and
 * trashing, inside the shared folder only (the SQL, app.share_link_*, says
 * where; this shapes requests).
 *
 *   POST   /share/<token>/folders              {name, parent_id}
 *   PATCH  /share/<token>/files/<id>           {name} and/or {folder_id}
 *   PATCH  /share/<token>/folders/<id>         {name} and/or {parent_id}
 *   DELETE /share/<token>/files/<id>, /folders/<id>   to the owner's trash
 */
import { HttpError, readJsonObject } from "../_shared/http.ts";
import { asVisitor, idOf, type LinkRequest } from "./link.ts";

const nameOf = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new HttpError(400, "PGRST102", "name must be a string.");
  return value;
};

const targetOf = (value: unknown, field: string): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new HttpError(400, "PGRST102", `${field} must be a uuid.`);
  return idOf(value, "Folder");
};

/** POST /share/<token>/folders */
export async function createFolder(req: Request, link: LinkRequest): Promise<Record<string, unknown>> {
  const body = await readJsonObject(req);
  return await asVisitor(req, async (tx) => {
    const [{ r }] = await tx`select app.share_link_create_folder(${link.token}, ${link.access}, ${nameOf(body.name)},
      ${targetOf(body.parent_id, "parent_id")}) as r`;
    return r;
  });
}

/** PATCH /share/<token>/(files|folders)/<id>: a rename, a move, or both, in one transaction. */
export async function changeItem(req: Request, link: LinkRequest, kind: "files" | "folders", id: string): Promise<Record<string, unknown>> {
  const body = await readJsonObject(req);
  const name = nameOf(body.name);
  const to = targetOf(kind === "files" ? body.folder_id : body.parent_id, kind === "files" ? "folder_id" : "parent_id");
  if (name === null && to === null) throw new HttpError(400, "PGRST102", "Send a name, a folder to move to, or both.");
  const fileId = kind === "files" ? id : null;
  const folderId = kind === "folders" ? id : null;
  return await asVisitor(req, async (tx) => {
    let out: Record<string, unknown> = { id };
    if (to !== null) {
      const [{ r }] = await tx`select app.share_link_move(${link.token}, ${link.access}, ${to}, ${fileId}, ${folderId}) as r`;
      out = { ...out, ...r };
    }
    if (name !== null) {
      const [{ r }] = await tx`select app.share_link_rename(${link.token}, ${link.access}, ${name}, ${fileId}, ${folderId}) as r`;
      out = { ...out, ...r };
    }
    return out;
  });
}

/** DELETE /share/<token>/(files|folders)/<id>: to the owner's trash. */
export async function trashItem(req: Request, link: LinkRequest, kind: "files" | "folders", id: string): Promise<void> {
  await asVisitor(req, (tx) =>
    tx`select app.share_link_trash(${link.token}, ${link.access}, ${kind === "files" ? id : null}, ${kind === "folders" ? id : null})`
  );
}
