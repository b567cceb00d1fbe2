// Bad input to every accounts function: missing or null fields, wrong types,
// 10 MB strings, invalid emails, unicode, broken JSON. Each gets a 4xx JSON
// error in PostgREST's shape, never a 500, and changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { grantRole, rpc, signup, type Session } from './accounts-support';
import { adminSql } from './support';

const huge = 'a'.repeat(10 * 1024 * 1024);
const PROBE = 'bad-input-probe';

let user: Session;
let admin: Session;

/** What a bad call must not change: the probe accounts and the test users' rows. */
async function snapshot() {
  const sql = adminSql();
  try {
    const [row] = await sql`
      select
        (select count(*)::int from app.users where email::text like ${PROBE + '%'}) as probes,
        (select md5(string_agg(u::text, ',' order by u.id)) from app.users u where u.id in (${user.id}, ${admin.id})) as users,
        (select count(*)::int from app.sessions where user_id in (${user.id}, ${admin.id}) and ended_at is null) as sessions,
        (select count(*)::int from app.user_roles where user_id in (${user.id}, ${admin.id})) as roles,
        (select count(*)::int from app.roles) as all_roles,
        (select count(*)::int from private.email_outbox where to_address like ${PROBE + '%'}) as mails`;
    return row;
  } finally {
    await sql.end();
  }
}

function expectClientError(res: { status: number; body: any }, label: string) {
  expect(res.status, `${label}: ${JSON.stringify(res.body)?.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.body, label).toHaveProperty('message');
  expect(res.body, label).toHaveProperty('code');
}

beforeAll(async () => {
  user = await signup('bad-user');
  admin = await signup('bad-admin');
  await grantRole(admin.id, 'superadmin');
});

const anonCases: [string, unknown][] = [
  ['signup', {}],
  ['signup', { email: null, password: null }],
  ['signup', { email: `${PROBE}@example.com` }],
  ['signup', { email: `${PROBE}@example.com`, password: 'short' }],
  ['signup', { email: `${PROBE}@example.com`, password: 'p'.repeat(73) }],
  ['signup', { email: `${PROBE}@example.com`, password: '🔑'.repeat(19) }],
  ['signup', { email: `${PROBE}@example.com`, password: huge }],
  ['signup', { email: huge, password: 'long enough' }],
  ['signup', { email: `${PROBE}@example.com`, password: 'long enough', name: huge }],
  ['signup', { email: 'not an email', password: 'long enough' }],
  ['signup', { email: `${PROBE} x@example.com`, password: 'long enough' }],
  ['signup', { email: `${PROBE}@example.com`, password: 'long enough', name: 'bad\u0007name' }],
  ['signup', { email: { nested: true }, password: 'long enough' }],
  ['signup', { email: [`${PROBE}@example.com`], password: 'long enough' }],
  ['signup', { email: `${PROBE}@example.com`, password: 'long enough', unexpected: 1 }],
  ['signup', '{"email": '],
  ['signup', '[1, 2]'],
  ['login', {}],
  ['login', { email: null, password: null }],
  ['login', { email: huge, password: 'x' }],
  ['login', { email: 'a@example.com', password: huge }],
  ['login', { email: 12, password: true }],
  ['refresh', {}],
  ['refresh', { refresh_token: null }],
  ['refresh', { refresh_token: huge }],
  ['refresh', { refresh_token: 'ünïcödé-☃' }],
  ['forgot_password', {}],
  ['forgot_password', { email: 'nope' }],
  ['forgot_password', { email: huge }],
  ['reset_password', {}],
  ['reset_password', { token: 'x', password: 'long enough' }],
  ['reset_password', { token: huge, password: 'long enough' }],
  ['reset_password', { token: 'x', password: null }],
  ['logout', {}],
  ['me', {}],
  ['admin_list_users', {}],
];

describe('anonymous callers', () => {
  it.each(anonCases.map(([fn, body], i) => [i, fn, body] as const))('case %i: %s gets a 4xx and changes nothing', async (_i, fn, body) => {
    const before = await snapshot();
    const res = await rpc(fn, body);
    expectClientError(res, fn);
    expect(await snapshot()).toEqual(before);
  });
});

describe('signed-in callers', () => {
  const cases: [string, unknown][] = [
    ['update_me', { name: huge }],
    ['update_me', { bio: huge }],
    ['update_me', { name: 'ok', bio: 'x'.repeat(1001) }],
    ['update_me', { email: 'not an email', current_password: 'whatever' }],
    ['update_me', { email: `${PROBE}@example.com` }],
    ['update_me', { email: `${PROBE}@example.com`, current_password: huge }],
    ['update_me', { name: { a: 1 } }],
    ['change_password', {}],
    ['change_password', { current_password: 'wrong one', new_password: 'long enough' }],
    ['change_password', { current_password: null, new_password: huge }],
    ['admin_list_users', { page: 'one' }],
    ['admin_list_users', { per_page: 100000 }],
    ['admin_list_users', { search: huge }],
    ['admin_disable_user', {}],
    ['admin_disable_user', { user_id: 'not-a-uuid' }],
    ['admin_disable_user', { user_id: '00000000-0000-4000-8000-000000000000' }],
    ['admin_grant_role', { user_id: null, role: 'admin' }],
    ['admin_grant_role', { role: 'no_such_role' }],
    ['admin_create_role', { name: 'Ünïcode Role' }],
    ['admin_create_role', { name: huge }],
    ['admin_create_role', { name: 'fine_name', description: huge }],
    ['admin_create_permission', { name: 'nodot' }],
    ['admin_delete_role', { name: 'editor' }],
    ['admin_delete_permission', { name: 'users.read' }],
    ['admin_grant_permission', { role: 'ghost', permission: 'users.read' }],
  ];

  it.each(cases.map(([fn, body], i) => [i, fn, body] as const))('case %i: %s gets a 4xx and changes nothing', async (_i, fn, body) => {
    const token = fn.startsWith('admin_') ? admin.token : user.token;
    const before = await snapshot();
    const res = await rpc(fn, body, token);
    expectClientError(res, fn);
    expect(await snapshot()).toEqual(before);
  });

  it('a forged or garbage token is a 401, not a 500', async () => {
    for (const token of ['garbage', 'a.b.c', user.token.slice(0, -3) + 'AAA']) {
      const res = await rpc('me', {}, token);
      expectClientError(res, token);
      expect(res.status).toBe(401);
    }
  });
});
