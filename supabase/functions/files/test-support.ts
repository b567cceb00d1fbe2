/**
 * Test support for the files function's Deno tests: the throwaway migrated
 * database the test runner provides (TEST_DATABASE_URL), the function
 * configured over it with a temporary fs storage root, users made in SQL
 * with a live session, and the function served on a loopback port so
 * requests arrive framed as a real client sends them (chunked or with a
 * length, aborted halfway).
 */
import { SignJWT } from "jose";
import postgres from "postgres";
import { loadConfig, setConfig } from "../_shared/config.ts";
import { setStorage } from "../_shared/storage/index.ts";
import { handler } from "./handler.ts";

export const DATABASE_URL = Deno.env.get("TEST_DATABASE_URL") ?? "";
export const JWT_SECRET = Deno.env.get("TEST_JWT_SECRET") ?? "a-test-secret-that-is-long-enough-to-use-0123456789";

/** Deno.test options for tests that need the database; skipped, loudly, without it. */
export const dbTest = { ignore: DATABASE_URL === "", sanitizeOps: false, sanitizeResources: false };
if (DATABASE_URL === "") console.warn("files tests: TEST_DATABASE_URL is unset; database tests are skipped");

export interface TestUser {
  id: string;
  auth: Record<string, string>;
}

let root: string | null = null;

/** Configures the function over the test database once per process; answers the storage root. */
export function useTestFunction(): string {
  if (root) return root;
  root = Deno.makeTempDirSync({ prefix: "pgdrive-files-test-" });
  setConfig(loadConfig({
    SUPABASE_URL: "http://127.0.0.1:9",
    // Tests without the database never reach it; the configuration still wants a URL.
    SUPABASE_DB_URL: DATABASE_URL || "postgres://nobody@127.0.0.1:9/none",
    SUPABASE_JWT_SECRET: JWT_SECRET,
    DATA_DIR: root,
    STORAGE_FS_ROOT: `${root}/storage`,
    FILES_MAINTENANCE_INTERVAL_MS: "0",
  }));
  setStorage(null);
  return root;
}

/** A superuser connection to the test database (close it with `end()`). */
export function adminSql(): postgres.Sql {
  return postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
}

/** An access token for `userId` without a session: enough for routes that fail before any SQL. */
export async function accessToken(userId: string = crypto.randomUUID()): Promise<string> {
  return await new SignJWT({ role: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setAudience("authenticated")
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** Creates a user with a live session (and a quota, when given) and signs them an access token. */
export async function createUser(options: { quota?: number } = {}): Promise<TestUser> {
  const sql = adminSql();
  try {
    const email = `files-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const [user] = await sql`insert into app.users (email, password_hash, name) values (${email}, 'x', 'test') returning id`;
    const [session] = await sql`insert into app.sessions (user_id) values (${user.id}) returning id`;
    if (options.quota !== undefined) {
      await sql`insert into app.storage_accounts (owner_id, quota) values (${user.id}, ${options.quota})
                on conflict (owner_id) do update set quota = excluded.quota`;
    }
    const token = await new SignJWT({ role: "authenticated", email, session_id: session.id })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(user.id)
      .setAudience("authenticated")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(JWT_SECRET));
    return { id: user.id, auth: { authorization: `Bearer ${token}` } };
  } finally {
    await sql.end();
  }
}

/** Serves the files function on a loopback port for the duration of `fn`; `base` ends in `/files`. */
export async function withServer<T>(fn: (base: string) => Promise<T>): Promise<T> {
  useTestFunction();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  try {
    return await fn(`http://127.0.0.1:${server.addr.port}/files`);
  } finally {
    await server.shutdown();
  }
}

/** Every object file under the storage root's objects folder, with its size. */
export async function objectsOnDisk(): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = [];
  async function walk(dir: string): Promise<void> {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return;
      throw err;
    }
    for (const e of entries) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(path);
      else out.push({ path, size: (await Deno.stat(path)).size });
    }
  }
  await walk(`${useTestFunction()}/storage/objects`);
  return out;
}

/** A body stream of `chunks`, sent chunked by fetch (no Content-Length). */
export function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

/** A URL the function handed out (under SUPABASE_URL), on the test server instead. */
export function localUrl(url: string, base: string): string {
  return url.replace(/^.*\/functions\/v1\/files/, base);
}

/** The whole signed upload (begin, PUT, complete) through the served function; answers the file row. */
export async function uploadFile(
  base: string,
  user: TestUser,
  name: string,
  data: Uint8Array<ArrayBuffer>,
  mime = "application/octet-stream",
): Promise<{ id: string; mime_type: string }> {
  const begin = await fetch(`${base}/uploads`, {
    method: "POST",
    headers: { ...user.auth, "content-type": "application/json" },
    body: JSON.stringify({ name, size: data.byteLength, mime }),
  });
  const up = await begin.json();
  if (begin.status !== 201) throw new Error(`begin: ${begin.status} ${JSON.stringify(up)}`);
  const put = await fetch(localUrl(up.url, base), {
    method: "PUT",
    headers: up.headers,
    body: data,
  });
  if (!put.ok) throw new Error(`put: ${put.status} ${await put.text()}`);
  const done = await fetch(`${base}/uploads/${up.upload_id}/complete`, { method: "POST", headers: user.auth });
  const file = await done.json();
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(file)}`);
  return file;
}

/** Makes a file public as its owner (rpc/update_file); answers its link token. */
export async function publish(user: TestUser, fileId: string): Promise<string> {
  const sql = adminSql();
  try {
    const row = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${JSON.stringify({ sub: user.id, role: "authenticated" })}, true)`;
      const [r] = await tx`select public_token from api.update_file(file_id => ${fileId}, visibility => 'public')`;
      return r;
    });
    return row.public_token as string;
  } finally {
    await sql.end();
  }
}

/** A PNG that is only a signature and an IHDR claiming `width`×`height`: it need not, and does not, decode. */
export function pngHeaderOnly(width: number, height: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(33);
  const view = new DataView(b.buffer);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  view.setUint32(8, 13);
  b.set(new TextEncoder().encode("IHDR"), 12);
  view.setUint32(16, width);
  view.setUint32(20, height);
  b.set([8, 6, 0, 0, 0], 24);
  return b;
}
