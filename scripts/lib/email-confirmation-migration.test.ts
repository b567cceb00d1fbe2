// The email-confirmation migration on a database in use: every account that
// existed before it counts as confirmed, so turning confirmation on locks
// nobody out; accounts made after it start unconfirmed.
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from './migrate.mjs';
import { startTestServer } from './test-database.mjs';

const BEFORE = '20261201135999';

let server: Awaited<ReturnType<typeof startTestServer>>;
let sql: postgres.Sql;

beforeAll(async () => {
  server = await startTestServer('15');
  const root = postgres(server.urlFor('postgres'), { max: 1, onnotice: () => {} });
  await root.unsafe('create database confirm_migration');
  await root.end();
  sql = postgres(server.urlFor('confirm_migration'), { max: 1, onnotice: () => {} });
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await server?.stop();
});

it('marks every existing account confirmed, and only those', async () => {
  await migrate(sql, { log: () => {}, through: BEFORE });
  await sql`insert into app.users (email, password_hash, name) values ('ada@example.com', 'x', 'Ada'), ('bob@example.com', 'x', 'Bob')`;
  await migrate(sql, { log: () => {} });
  const rows = await sql`select email::text, email_confirmed_at is not null as confirmed from app.users order by email`;
  expect(rows.map((r) => ({ ...r }))).toEqual([
    { email: 'ada@example.com', confirmed: true },
    { email: 'bob@example.com', confirmed: true },
  ]);
  await sql`insert into app.users (email, password_hash) values ('new@example.com', 'x')`;
  const [fresh] = await sql`select email_confirmed_at from app.users where email = 'new@example.com'`;
  expect(fresh.email_confirmed_at).toBeNull();
  const [setting] = await sql`select value from private.settings where key = 'auth.confirm_email'`;
  expect(setting.value).toBe('on');
});
