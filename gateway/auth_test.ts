import assert from "node:assert/strict";
import { SignJWT, UnsecuredJWT } from "jose";
import { bearerToken, createAuthenticator } from "./auth.ts";
import { HttpError } from "./errors.ts";

const secret = "s".repeat(40);
const key = new TextEncoder().encode(secret);
const auth = createAuthenticator({ secret, anonRole: "anon", audience: null });
const headers = (token: string) => new Headers({ authorization: `Bearer ${token}` });

async function rejects(token: string, code: string, message: RegExp) {
  await assert.rejects(auth(headers(token)), (err) => {
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 401);
    assert.equal(err.code, code);
    assert.match(err.message, message);
    assert.match(err.headers["www-authenticate"], /^Bearer error="invalid_token"/);
    return true;
  });
}

Deno.test("no token means the anonymous role", async () => {
  assert.deepEqual(await auth(new Headers()), { role: "anon", claims: {}, claimsJson: "{}", anonymous: true });
});

Deno.test("a valid HS256 token names the role and carries its claims", async () => {
  const t = await new SignJWT({ role: "authenticated", sub: "u1" }).setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("1h").sign(key);
  const id = await auth(headers(t));
  assert.equal(id.role, "authenticated");
  assert.equal(id.claims.sub, "u1");
  assert.equal(id.anonymous, false);
});

Deno.test("the apikey header counts when there is no Authorization header", () => {
  assert.equal(bearerToken(new Headers({ apikey: "abc" })), "abc");
  assert.equal(bearerToken(new Headers({ apikey: "abc", authorization: "Bearer xyz" })), "xyz");
});

Deno.test("alg none is refused", async () => {
  const t = new UnsecuredJWT({ role: "service_role" }).encode();
  await rejects(t, "PGRST301", /algorithm|JWS/);
});

Deno.test("another algorithm (HS384) is refused", async () => {
  const t = await new SignJWT({ role: "anon" }).setProtectedHeader({ alg: "HS384" }).sign(key);
  await rejects(t, "PGRST301", /algorithm/);
});

Deno.test("a bad signature is refused", async () => {
  const t = await new SignJWT({ role: "anon" }).setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode("x".repeat(40)));
  await rejects(t, "PGRST301", /Signature/);
});

Deno.test("an expired token is refused beyond the 30 s clock skew", async () => {
  const now = Math.floor(Date.now() / 1000);
  const stale = await new SignJWT({ role: "anon", exp: now - 120 }).setProtectedHeader({ alg: "HS256" }).sign(key);
  await rejects(stale, "PGRST303", /JWT expired/);
  const skewed = await new SignJWT({ role: "anon", exp: now - 5 }).setProtectedHeader({ alg: "HS256" }).sign(key);
  assert.equal((await auth(headers(skewed))).role, "anon");
});

Deno.test("a malformed token is refused", async () => {
  await rejects("not-a-jwt", "PGRST301", /Expected 3 parts/);
  await rejects("a.b.c", "PGRST301", /JWS/);
});

Deno.test("a token for another audience is refused when an audience is configured", async () => {
  const strict = createAuthenticator({ secret, anonRole: "anon", audience: "authenticated" });
  const t = await new SignJWT({ role: "anon", aud: "other" }).setProtectedHeader({ alg: "HS256" }).sign(key);
  await assert.rejects(strict(headers(t)), (err) => err instanceof HttpError && err.status === 401);
});
