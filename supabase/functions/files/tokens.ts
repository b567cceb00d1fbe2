/**
 * Short-lived signed tokens that make a URL a capability: an upload URL
 * bound to one upload, its object, its size and its owner; a download URL
 * bound to one version of one file. Signed with a key derived from the JWT
 * secret, under their own audiences, so neither can pass for an access token.
 */
import { jwtVerify, SignJWT } from "jose";
import { jwtKey } from "../_shared/auth.ts";
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

export interface UploadGrant {
  uploadId: string;
  owner: string;
  objectKey: string;
  maxBytes: number;
  name: string;
  mime: string;
}

export interface DownloadGrant {
  owner: string;
  fileId: string;
  versionId: string;
  objectKey: string;
  size: number;
  sha256: string;
  mime: string;
  name: string;
  disposition: "attachment" | "inline";
}

const UPLOAD = "pgdrive:upload";
const DOWNLOAD = "pgdrive:download";

/** Signs an upload grant valid until `expiresAt`. */
export async function signUpload(grant: UploadGrant, expiresAt: Date): Promise<string> {
  return await new SignJWT({ ...grant })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(UPLOAD)
    .setSubject(grant.owner)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await key());
}

/** Signs a download grant valid for `seconds`. */
export async function signDownload(grant: DownloadGrant, seconds: number): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + seconds * 1000);
  const token = await new SignJWT({ ...grant })
    .setProtectedHeader({ alg: "HS256" })
    .setAudience(DOWNLOAD)
    .setSubject(grant.owner)
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await key());
  return { token, expiresAt };
}

async function verify(token: string | null, audience: string): Promise<Record<string, unknown>> {
  if (!token) throw new HttpError(401, "PGRST301", "This link needs its token.");
  try {
    const { payload } = await jwtVerify(token, await key(), { algorithms: ["HS256"], audience });
    return payload as Record<string, unknown>;
  } catch {
    throw new HttpError(403, "PGRST301", "This link is invalid or has expired.");
  }
}

/** The upload grant a token carries; 403 when forged, expired or for another upload. */
export async function verifyUpload(token: string | null, uploadId: string): Promise<UploadGrant> {
  const claims = await verify(token, UPLOAD) as unknown as UploadGrant;
  if (claims.uploadId !== uploadId) throw new HttpError(403, "PGRST301", "This link is invalid or has expired.");
  return claims;
}

/** The download grant a token carries; 403 when forged, expired or for another version. */
export async function verifyDownload(token: string | null, versionId: string): Promise<DownloadGrant> {
  const claims = await verify(token, DOWNLOAD) as unknown as DownloadGrant;
  if (claims.versionId !== versionId) throw new HttpError(403, "PGRST301", "This link is invalid or has expired.");
  return claims;
}
