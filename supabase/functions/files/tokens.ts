/**
 * Short-lived signed tokens that make a URL a capability: an upload URL
 * bound to one upload, a download URL bound to one version of one file, a
 * zip URL bound to one selection of files and folders, each minted for one session and used as it (SQL refuses it once that
 * session has ended). Signed with a key derived from the JWT secret, under
 * their own audiences, so neither can pass for an access token.
 */
import { jwtVerify, SignJWT } from "jose";
import { jwtKey } from "../_shared/auth.ts";
import type { Caller } from "../_shared/db.ts";
import { HttpError } from "../_shared/http.ts";

let derived: Uint8Array | null = null;

async function key(): Promise<Uint8Array> {
  if (!derived) {
    const secret = await jwtKey();
    const material = new Uint8Array([...new TextEncoder().encode("pgdrive files tokens\0"), ...secret]);
    derived = new Uint8Array(await crypto.subtle.digest("SHA-256", material));
  }
  return derived;
}

/**
 * The session a grant was minted for: the subject, role and session id of
 * the access token that asked for it. At use the grant acts as that caller,
 * so an ended session (logout, password reset, disabled account) ends it.
 */
export interface GrantSession {
  sub: string;
  role: string;
  session_id: string | null;
}

/** A signed upload URL: the bytes of one upload, sent for one session. SQL answers where they go. */
export interface UploadGrant {
  uploadId: string;
  session: GrantSession;
}

/** A signed download URL: one version of one file, for one session, inline or as an attachment. */
export interface DownloadGrant {
  fileId: string;
  versionId: string;
  disposition: "attachment" | "inline";
  session: GrantSession;
}

/** A signed zip URL: these files and folders (SQL decides again at use what of them is the session's), as one zip. */
export interface ZipGrant {
  fileIds: string[];
  folderIds: string[];
  name: string;
  session: GrantSession;
}

/** The session of the caller minting a grant. */
export function sessionOf(caller: Caller): GrantSession {
  const session = caller.claims.session_id;
  return { sub: caller.userId, role: caller.role, session_id: typeof session === "string" ? session : null };
}

/** The caller a grant acts as: its session's, so the pre-request and SQL check that session at use. */
export function grantCaller(session: GrantSession): Caller {
  return { userId: session.sub, role: session.role, claims: { sub: session.sub, role: session.role, session_id: session.session_id } };
}

const UPLOAD = "pgdrive:upload";
const DOWNLOAD = "pgdrive:download";
const ZIP = "pgdrive:zip";

/** Signs an upload grant valid until `expiresAt`. */
export async function signUpload(grant: UploadGrant, expiresAt: Date): Promise<string> {
  return await new SignJWT({ ...grant })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(UPLOAD)
    .setSubject(grant.session.sub)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await key());
}

/** Signs a download grant valid for `seconds`. */
export async function signDownload(grant: DownloadGrant, seconds: number): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + seconds * 1000);
  const token = await new SignJWT({ ...grant })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(DOWNLOAD)
    .setSubject(grant.session.sub)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await key());
  return { token, expiresAt };
}

/** Signs a zip grant valid for `seconds`. */
export async function signZip(grant: ZipGrant, seconds: number): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + seconds * 1000);
  const token = await new SignJWT({ ...grant })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(ZIP)
    .setSubject(grant.session.sub)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await key());
  return { token, expiresAt };
}

const invalidLink = () => new HttpError(403, "PGRST301", "This link is invalid or has expired.");

async function verify(token: string | null, audience: string): Promise<Record<string, unknown>> {
  if (!token) throw new HttpError(401, "PGRST301", "This link needs its token.");
  try {
    const { payload } = await jwtVerify(token, await key(), { algorithms: ["HS256"], audience });
    return payload as Record<string, unknown>;
  } catch {
    throw invalidLink();
  }
}

/** A grant's session as signed: a token from before grants named their session names none and is refused. */
function hasSession(claims: Record<string, unknown>): boolean {
  const s = claims.session as Record<string, unknown> | undefined;
  return typeof s === "object" && s !== null && typeof s.sub === "string" && typeof s.role === "string" &&
    (typeof s.session_id === "string" || s.session_id === null);
}

/** The upload grant a token carries; 403 when forged, expired or for another upload. */
export async function verifyUpload(token: string | null, uploadId: string): Promise<UploadGrant> {
  const claims = await verify(token, UPLOAD);
  if (claims.uploadId !== uploadId || !hasSession(claims)) throw invalidLink();
  return claims as unknown as UploadGrant;
}

/** The download grant a token carries; 403 when forged, expired or for another version. */
export async function verifyDownload(token: string | null, versionId: string): Promise<DownloadGrant> {
  const claims = await verify(token, DOWNLOAD);
  if (claims.versionId !== versionId || typeof claims.fileId !== "string" || !hasSession(claims)) throw invalidLink();
  return claims as unknown as DownloadGrant;
}

const isIdList = (v: unknown) => Array.isArray(v) && v.every((id) => typeof id === "string");

/** The zip grant a token carries; 403 when forged, expired or not a zip's. */
export async function verifyZip(token: string | null): Promise<ZipGrant> {
  const claims = await verify(token, ZIP);
  if (!isIdList(claims.fileIds) || !isIdList(claims.folderIds) || typeof claims.name !== "string" || !hasSession(claims)) {
    throw invalidLink();
  }
  return claims as unknown as ZipGrant;
}
