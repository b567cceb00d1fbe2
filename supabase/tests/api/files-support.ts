// Helpers for the files API tests: users made directly in SQL, access tokens
// signed with the stack's JWT secret (the same claims the accounts SQL signs),
// and small wrappers around the files function's routes.
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { adminSql, stack } from './support';

export const functionsUrl = () => `${stack.apiUrl}/functions/v1/files`;

export interface TestUser {
  id: string;
  email: string;
  token: string;
  auth: Record<string, string>;
}

/** Signs an access token for a user, as rpc/login would. */
export async function accessToken(userId: string, email: string, extra: Record<string, unknown> = {}, expiresIn = '1h') {
  const key = new TextEncoder().encode(stack.jwtSecret);
  return await new SignJWT({ role: 'authenticated', email, app_roles: ['editor'], ...extra })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setAudience('authenticated')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

/**
 * A user with a live session on a stack a test started for itself (its own
 * database and JWT secret, for tests that change the storage under it).
 */
export async function userOnOwnStack(own: { dbUrl: string; jwtSecret: string; anonKey: string }, email: string) {
  const sql = postgres(own.dbUrl, { max: 1, onnotice: () => {} });
  const [user] = await sql`insert into app.users (email, password_hash) values (${email}, 'x') returning id`;
  const [session] = await sql`insert into app.sessions (user_id) values (${user.id}) returning id`;
  await sql.end();
  const token = await new SignJWT({ role: 'authenticated', session_id: session.id })
    .setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setAudience('authenticated').setExpirationTime('1h')
    .sign(new TextEncoder().encode(own.jwtSecret));
  return { id: user.id as string, auth: { authorization: `Bearer ${token}`, apikey: own.anonKey } };
}

/** Creates a user directly in SQL (with a live session when sessions exist) and signs them a token. */
export async function createUser(prefix = 'files'): Promise<TestUser> {
  const sql = adminSql();
  try {
    const email = `${prefix}-${randomBytes(6).toString('hex')}@example.com`;
    const [user] = await sql`insert into app.users (email, password_hash, name) values (${email}, 'x', ${prefix}) returning id`;
    let session: string | undefined;
    const [{ exists }] = await sql`select to_regclass('app.sessions') is not null as exists`;
    if (exists) {
      const [s] = await sql`insert into app.sessions (user_id) values (${user.id}) returning id`;
      session = s.id;
    }
    const token = await accessToken(user.id, email, session ? { session_id: session } : {});
    return { id: user.id, email, token, auth: { authorization: `Bearer ${token}`, apikey: stack.anonKey } };
  } finally {
    await sql.end();
  }
}

/** Confirms users' addresses in SQL: shares go only to confirmed addresses, and createUser's accounts have none. */
export async function confirmEmails(...users: TestUser[]): Promise<void> {
  const sql = adminSql();
  try {
    await sql`update app.users set email_confirmed_at = now() where id in ${sql(users.map((u) => u.id))}`;
  } finally {
    await sql.end();
  }
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Starts a signed upload; returns the parsed answer and the response. */
export async function beginUpload(user: TestUser, body: Record<string, unknown>) {
  const res = await fetch(`${functionsUrl()}/uploads`, {
    method: 'POST',
    headers: { ...user.auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { res, json: await res.json() };
}

/** The whole signed upload flow: begin, PUT, complete. Returns the file row. */
export async function uploadFile(user: TestUser, name: string, data: Uint8Array, extra: Record<string, unknown> = {}) {
  const begin = await beginUpload(user, { name, size: data.byteLength, mime: 'application/octet-stream', ...extra });
  if (begin.res.status !== 201) throw new Error(`begin: ${begin.res.status} ${JSON.stringify(begin.json)}`);
  const put = await fetch(begin.json.url, { method: 'PUT', headers: begin.json.headers, body: data });
  if (!put.ok) throw new Error(`put: ${put.status} ${await put.text()}`);
  const done = await fetch(`${functionsUrl()}/uploads/${begin.json.upload_id}/complete`, { method: 'POST', headers: user.auth });
  const file = await done.json();
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(file)}`);
  return file;
}

/** A signed download URL for a file (or one of its versions). */
export async function downloadUrl(user: TestUser, body: Record<string, unknown>) {
  const res = await fetch(`${functionsUrl()}/download-url`, {
    method: 'POST',
    headers: { ...user.auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { res, json: await res.json() };
}
