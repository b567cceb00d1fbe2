/**
 * Test support for the gateway's Deno tests: the throwaway database the test
 * runner provides (TEST_DATABASE_URL), the fixture objects, a REST handler
 * logged in as the authenticator, and signed tokens.
 */
import { SignJWT } from "jose";
import postgres from "postgres";
import { loadConfig } from "../config.ts";
import { createRestHandler, type RestHandler } from "../rest/handler.ts";

export const DATABASE_URL = Deno.env.get("TEST_DATABASE_URL") ?? "";
export const JWT_SECRET = Deno.env.get("TEST_JWT_SECRET") ?? "a-test-secret-that-is-long-enough-to-use-0123456789";
/** Deno.test options for tests that need the database; they are skipped, loudly, without it. */
export const dbTest = {
  ignore: DATABASE_URL === "",
  sanitizeOps: false,
  sanitizeResources: false,
};
if (DATABASE_URL === "") console.warn("gateway tests: TEST_DATABASE_URL is unset; database tests are skipped");

/** The same server as the superuser URL, logged in as the authenticator (the runner gives it the same password). */
export function authenticatorUrl(): string {
  const u = new URL(DATABASE_URL);
  u.username = "authenticator";
  return u.toString();
}

export function adminSql() {
  return postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
}

let fixtureLoaded: Promise<void> | null = null;

/** Creates the fixture objects once per test process. */
export function loadFixture(): Promise<void> {
  fixtureLoaded ??= (async () => {
    const sql = adminSql();
    try {
      const text = await Deno.readTextFile(new URL("./fixture.sql", import.meta.url));
      // One advisory lock: several test files may load the fixture at the same time.
      await sql.begin(async (tx) => {
        await tx`select pg_advisory_xact_lock(hashtext('gateway-fixture'))`;
        await tx.unsafe(text).simple();
      });
    } finally {
      await sql.end();
    }
  })();
  return fixtureLoaded;
}

/** A REST handler over the test database; `env` adds PGRST_* settings. */
export async function testHandler(env: Record<string, string> = {}): Promise<RestHandler> {
  await loadFixture();
  const config = loadConfig({
    PGRST_DB_URI: authenticatorUrl(),
    PGRST_JWT_SECRET: JWT_SECRET,
    PGRST_DB_POOL: "4",
    GATEWAY_CORS_ORIGINS: "http://web.test",
    ...env,
  });
  const handler = createRestHandler(config);
  await handler.reload();
  return handler;
}

/** Calls the handler as the server would, for a path under /rest/v1. */
export function call(handler: RestHandler, path: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(`http://gateway.test/rest/v1${path}`);
  return handler(new Request(url, init), url.pathname.slice("/rest/v1".length) || "/");
}

/** An HS256 token with these claims, valid for an hour unless `exp` is given. */
export async function token(claims: Record<string, unknown>, secret = JWT_SECRET): Promise<string> {
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).setIssuedAt();
  if (claims.exp === undefined) jwt.setExpirationTime("1h");
  return await jwt.sign(new TextEncoder().encode(secret));
}

/** A response's JSON body (and status), for compact assertions. */
export async function json(res: Response): Promise<{ status: number; body: unknown }> {
  const text = await res.text();
  return { status: res.status, body: text === "" ? null : JSON.parse(text) };
}

/** A port nothing listens on now. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = (listener.addr as Deno.NetAddr);
  listener.close();
  return port;
}

/**
 * Starts gateway/server.ts as a process of its own with exactly `env` (and
 * PATH, HOME, DENO_DIR to run at all): a real start, signals and exit code.
 * `output` resolves with all it wrote once it has exited.
 */
export function spawnGateway(env: Record<string, string>): { child: Deno.ChildProcess; output: Promise<string> } {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", "gateway/server.ts"],
    cwd: new URL("../..", import.meta.url).pathname,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "",
      ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
      NO_COLOR: "1",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = Promise.all([child.stdout, child.stderr].map((s) => new Response(s).text())).then((t) => t.join(""));
  return { child, output };
}
