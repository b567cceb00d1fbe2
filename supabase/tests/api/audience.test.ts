// The local stack checks the audience of every token, as hosted Supabase does: the gateway runs
// with PGRST_JWT_AUD set to the audience the SQL signs access tokens for, and the anon and
// service-role keys it generates carry it too. A token signed with the right secret for any other
// audience (or none) is refused.
import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { rpc, uniqueEmail } from './accounts-support';
import { adminSql, rest, stack } from './support';

const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(stack.jwtSecret));

const withToken = (token: string) => rest('/rest/v1/', { headers: { apikey: token, authorization: `Bearer ${token}` } });

describe('token audience on the local stack', () => {
  it('refuses a token for another audience, and one without any, though signed with the secret', async () => {
    for (const claims of [{ role: 'anon', aud: 'somewhere-else' }, { role: 'anon', aud: ['other', 'more'] }, { role: 'anon' }]) {
      const res = await withToken(await sign(claims));
      expect(res.status, JSON.stringify(claims)).toBe(401);
      expect((await res.json()).code).toBe('PGRST303');
    }
  });

  it('accepts the anon and service-role keys it generated, which carry the audience', async () => {
    for (const key of [stack.anonKey, stack.serviceRoleKey]) {
      expect(decodeJwt(key).aud).toBe('authenticated');
      const res = await withToken(key);
      expect(res.status).toBe(200);
    }
    expect((await withToken(await sign({ role: 'anon', aud: 'authenticated' }))).status).toBe(200);
  });

  it('accepts the access token a login mints, which carries the audience', async () => {
    const email = uniqueEmail('aud');
    const password = 'a long and unusual passphrase 7';
    const sql = adminSql();
    try {
      await sql`insert into app.users (email, password_hash, name)
                values (${email}, extensions.crypt(${password}, extensions.gen_salt('bf', 4)), 'aud')`;
    } finally {
      await sql.end();
    }
    const login = await rpc('login', { email, password });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const token = (Array.isArray(login.body) ? login.body[0] : login.body).token as string;
    expect(decodeJwt(token).aud).toBe('authenticated');
    const me = await rpc('me', {}, token);
    expect(me.status, JSON.stringify(me.body)).toBe(200);
  });
});
