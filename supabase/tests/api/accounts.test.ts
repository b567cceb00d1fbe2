// The account lifecycle over HTTP on the real stack: signup, login, refresh
// rotation and reuse detection, logout, lockout, profile changes and an
// admin disabling a user mid-session.
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { grantRole, rpc, signup, uniqueEmail, userClient } from './accounts-support';
import { adminSql, stack } from './support';

describe('signup and login', () => {
  it('signs up and answers an array holding one object with a signed token', async () => {
    const email = uniqueEmail('ada');
    const res = await rpc('signup', { email, password: 'correct horse battery', name: 'Ada' });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const [answer] = res.body;
    expect(answer).toMatchObject({ token_type: 'bearer', expires_in: 900, user: { email, name: 'Ada', app_roles: ['editor'] } });
    expect(answer.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { payload } = await jwtVerify(answer.token, new TextEncoder().encode(stack.jwtSecret), { audience: 'authenticated' });
    expect(payload).toMatchObject({ sub: answer.user.id, role: 'authenticated', email, app_roles: ['editor'] });
    expect(typeof payload.session_id).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('logs in with supabase-js and uses the token for me', async () => {
    const user = await signup('grace');
    const { data, error } = await userClient().rpc('login', { email: user.email.toUpperCase(), password: user.password });
    expect(error).toBeNull();
    const me = await userClient(data[0].token).rpc('me');
    expect(me.error).toBeNull();
    expect(me.data).toMatchObject({ id: user.id, email: user.email });
  });

  it('answers a wrong password, an unknown email and a disabled account the same way', async () => {
    const user = await signup('linus');
    const disabled = await signup('dis');
    const sql = adminSql();
    await sql`update app.users set disabled_at = now() where id = ${disabled.id}`;
    await sql.end();
    const answers = await Promise.all([
      rpc('login', { email: user.email, password: 'wrong password' }),
      rpc('login', { email: uniqueEmail('nobody'), password: 'wrong password' }),
      rpc('login', { email: disabled.email, password: disabled.password }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ code: '28P01', message: 'Invalid email or password', details: null, hint: null });
    }
  });

  it('refuses a second account with the same email in another case', async () => {
    const user = await signup('dup');
    const res = await rpc('signup', { email: user.email.toUpperCase(), password: 'another password' });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('An account with this email already exists');
  });
});

describe('refresh tokens', () => {
  it('rotates on every refresh, and reuse of a rotated token ends the whole session', async () => {
    const user = await signup('rot');
    const first = await rpc('refresh', { refresh_token: user.refreshToken });
    expect(first.status).toBe(200);
    const rotated = first.body[0].refresh_token;
    expect(rotated).not.toBe(user.refreshToken);
    expect((await rpc('me', {}, first.body[0].token)).status).toBe(200);

    const reuse = await rpc('refresh', { refresh_token: user.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('PT401');
    // The thief's reuse revoked the family: the legitimate newest token and the live access token die too.
    expect((await rpc('refresh', { refresh_token: rotated })).status).toBe(401);
    expect((await rpc('me', {}, first.body[0].token)).status).toBe(401);

    const sql = adminSql();
    const [log] = await sql`select count(*)::int as n from app.activity_log where action = 'auth.token_reuse' and actor_id = ${user.id}`;
    await sql.end();
    expect(log.n).toBe(1);
  });

  it('refuses an unknown refresh token', async () => {
    const res = await rpc('refresh', { refresh_token: 'x'.repeat(43) });
    expect(res.status).toBe(401);
  });
});

describe('logout', () => {
  it('makes the old access token fail at once, not at expiry', async () => {
    const user = await signup('bye');
    expect((await rpc('me', {}, user.token)).status).toBe(200);
    expect((await rpc('logout', {}, user.token)).status).toBeLessThan(300);
    const after = await rpc('me', {}, user.token);
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('Your session has ended. Sign in again.');
    expect((await rpc('refresh', { refresh_token: user.refreshToken })).status).toBe(401);
  });

  it('logout_all ends every session of the user', async () => {
    const user = await signup('all');
    const second = (await rpc('login', { email: user.email, password: user.password })).body[0];
    expect((await rpc('logout_all', {}, second.token)).status).toBeLessThan(300);
    expect((await rpc('me', {}, user.token)).status).toBe(401);
    expect((await rpc('me', {}, second.token)).status).toBe(401);
  });
});

describe('brute force', () => {
  it('locks an email out with 429 and Retry-After after 5 failures, until the back-off ends', async () => {
    const user = await signup('lock');
    for (let i = 0; i < 5; i++) {
      expect((await rpc('login', { email: user.email, password: `wrong ${i} password` })).status).toBe(400);
    }
    const locked = await rpc('login', { email: user.email, password: user.password });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect(locked.body).toMatchObject({ code: 'PT429', hint: 'Retry after 60 seconds' });

    // Let the back-off end by ageing the recorded failures.
    const sql = adminSql();
    await sql`update private.auth_attempts set created_at = created_at - interval '61 seconds'
              where position(${user.email.toLowerCase()} in subject) > 0`;
    await sql`delete from private.auth_attempts where subject like 'ip:%'`;
    await sql.end();
    const unlocked = await rpc('login', { email: user.email, password: user.password });
    expect(unlocked.status).toBe(200);
  });
});

describe('profile', () => {
  it('updates the name and bio, and needs the current password to change the email', async () => {
    const user = await signup('prof');
    const updated = await rpc('update_me', { name: 'Prof. X', bio: 'Hello 👋' }, user.token);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Prof. X', bio: 'Hello 👋' });
    const newEmail = uniqueEmail('moved');
    expect((await rpc('update_me', { email: newEmail }, user.token)).status).toBe(400);
    const moved = await rpc('update_me', { email: newEmail, current_password: user.password }, user.token);
    expect(moved.status).toBe(200);
    expect(moved.body.email).toBe(newEmail);
  });

  it('change_password keeps this session and ends the others', async () => {
    const user = await signup('chpw');
    const other = (await rpc('login', { email: user.email, password: user.password })).body[0];
    const res = await rpc('change_password', { current_password: user.password, new_password: 'a brand new password' }, user.token);
    expect(res.status).toBe(200);
    expect((await rpc('me', {}, user.token)).status).toBe(200);
    expect((await rpc('me', {}, other.token)).status).toBe(401);
    expect((await rpc('login', { email: user.email, password: user.password })).status).toBe(400);
    expect((await rpc('login', { email: user.email, password: 'a brand new password' })).status).toBe(200);
  });

  it('shows public profiles to signed-in users only', async () => {
    const user = await signup('pub');
    const { data, error } = await userClient(user.token).from('profiles').select('id, name').eq('id', user.id);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: user.id, name: 'pub' }]);
    const anon = await userClient().from('profiles').select('id').limit(1);
    expect(anon.error).not.toBeNull();
  });
});

describe('admin', () => {
  it('disabling a user mid-session stops their token at once and logs it', async () => {
    const admin = await signup('boss');
    await grantRole(admin.id, 'admin');
    const victim = await signup('worker');
    expect((await rpc('me', {}, victim.token)).status).toBe(200);

    const res = await rpc('admin_disable_user', { user_id: victim.id }, admin.token);
    expect(res.status).toBe(200);
    expect(res.body.disabled_at).not.toBeNull();
    expect((await rpc('me', {}, victim.token)).status).toBe(401);
    expect((await rpc('refresh', { refresh_token: victim.refreshToken })).status).toBe(401);
    expect((await rpc('login', { email: victim.email, password: victim.password })).status).toBe(400);

    expect((await rpc('admin_enable_user', { user_id: victim.id }, admin.token)).status).toBe(200);
    expect((await rpc('login', { email: victim.email, password: victim.password })).status).toBe(200);

    const log = await userClient(admin.token).from('activity_log').select('action').eq('target_id', victim.id);
    expect(log.data!.map((r) => r.action)).toEqual(expect.arrayContaining(['admin.user_disabled', 'admin.user_enabled']));
  });

  it('an editor cannot list users or grant itself a role', async () => {
    const editor = await signup('ed');
    const list = await rpc('admin_list_users', {}, editor.token);
    expect(list.status).toBe(403);
    const grant = await rpc('admin_grant_role', { user_id: editor.id, role: 'admin' }, editor.token);
    expect(grant.status).toBe(403);
  });

  it('a role granted takes effect on the next request, without a new token', async () => {
    const admin = await signup('boss2');
    await grantRole(admin.id, 'admin');
    const user = await signup('promoted');
    expect((await rpc('admin_list_users', {}, user.token)).status).toBe(403);
    expect((await rpc('admin_grant_role', { user_id: user.id, role: 'admin' }, admin.token)).status).toBe(200);
    const list = await rpc('admin_list_users', { search: user.email }, user.token);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
  });
});
