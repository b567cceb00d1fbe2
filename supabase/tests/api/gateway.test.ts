// The gateway over HTTP, called the way the web client calls it: with
// @supabase/supabase-js. Each call must return what PostgREST returns for it.
import fs from 'node:fs';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSql, rest, stack } from './support';

// supabase-js builds a realtime client on creation, which needs a WebSocket
// Node 20 lacks; these tests never open one, so a stand-in is enough.
class NoSocket {
  constructor() {
    throw new Error('realtime is not used in these tests');
  }
}
const options = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  realtime: { transport: NoSocket as never },
  // Only `api` is exposed: like hosted Supabase, other profiles are refused (PGRST106).
  db: { schema: 'api' },
};
let db: SupabaseClient;

beforeAll(async () => {
  const sql = adminSql();
  try {
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('gateway-fixture'))`;
      await tx.unsafe(fs.readFileSync('gateway/testing/fixture.sql', 'utf8')).simple();
    });
  } finally {
    await sql.end();
  }
  db = createClient(stack.apiUrl, stack.anonKey, options);
  // The fixture ends with NOTIFY pgrst; wait until the gateway has reloaded.
  for (let i = 0; i < 100; i++) {
    if ((await rest('/rest/v1/gw_books?limit=1')).status === 200) break;
    await new Promise((r) => setTimeout(r, 50));
  }
});

afterAll(async () => {
  const sql = adminSql();
  await sql`delete from gw_app.gw_authors where name like 'sb-%'`;
  await sql.end();
});

describe('supabase-js against the gateway', () => {
  it('select().eq().order().range() returns the page', async () => {
    const { data, error, status } = await db.from('gw_books').select('id, title').eq('author_id', 1).order('id', { ascending: false }).range(0, 0);
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([{ id: 2, title: 'A2' }]);
  });

  it('embeds related rows and filters on them', async () => {
    const { data } = await db.from('gw_books').select('title, gw_authors(name), gw_labels!inner(name)').eq('gw_labels.name', 'blue').order('id');
    expect(data).toEqual([
      { title: 'A1', gw_authors: { name: 'Ann' }, gw_labels: [{ name: 'blue' }] },
      { title: 'B1', gw_authors: { name: 'Bob' }, gw_labels: [{ name: 'blue' }] },
    ]);
  });

  it('single() gives one object, and a PGRST116 error for none', async () => {
    const one = await db.from('gw_books').select('title').eq('id', 1).single();
    expect(one.data).toEqual({ title: 'A1' });
    const none = await db.from('gw_books').select('title').eq('id', -1).single();
    expect(none.status).toBe(406);
    expect(none.error).toMatchObject({ code: 'PGRST116', details: 'The result contains 0 rows' });
  });

  it('maybeSingle() gives null for no row', async () => {
    const { data, error } = await db.from('gw_books').select('title').eq('id', -1).maybeSingle();
    expect(error).toBeNull();
    expect(data).toBeNull();
  });

  it("count: 'exact' with head: true counts without rows", async () => {
    const { count, data, error } = await db.from('gw_books').select('*', { count: 'exact', head: true });
    expect(error).toBeNull();
    expect(data).toBeNull();
    expect(count).toBe(3);
    const page = await db.from('gw_books').select('id', { count: 'exact' }).range(0, 1);
    expect(page.count).toBe(3);
    expect(page.data).toHaveLength(2);
  });

  it('insert().select(), upsert, update().eq() and delete().eq()', async () => {
    const ins = await db.from('gw_authors').insert({ name: 'sb-1' }).select('name').single();
    expect(ins.status).toBe(201);
    expect(ins.data).toEqual({ name: 'sb-1' });
    const bulk = await db.from('gw_authors').insert([{ name: 'sb-2' }, { name: 'sb-3' }]).select('name');
    expect(bulk.data).toEqual([{ name: 'sb-2' }, { name: 'sb-3' }]);
    const up = await db.from('gw_authors').upsert({ name: 'sb-1' }, { onConflict: 'name' }).select('name');
    expect(up.error).toBeNull();
    expect(up.data).toEqual([{ name: 'sb-1' }]);
    const ignored = await db.from('gw_authors').upsert({ name: 'sb-1' }, { onConflict: 'name', ignoreDuplicates: true }).select();
    expect(ignored.data).toEqual([]);
    const upd = await db.from('gw_authors').update({ name: 'sb-2b' }).eq('name', 'sb-2').select('name');
    expect(upd.data).toEqual([{ name: 'sb-2b' }]);
    const del = await db.from('gw_authors').delete().eq('name', 'sb-3');
    expect(del.error).toBeNull();
    expect(del.status).toBe(204);
    const left = await db.from('gw_authors').select('name').like('name', 'sb-%').order('name');
    expect(left.data).toEqual([{ name: 'sb-1' }, { name: 'sb-2b' }]);
  });

  it('a duplicate insert is a 409 error with the constraint details', async () => {
    const { error, status } = await db.from('gw_authors').insert({ name: 'Ann' });
    expect(status).toBe(409);
    expect(error).toMatchObject({ code: '23505', details: 'Key (name)=(Ann) already exists.' });
  });

  it('rpc() with and without arguments, GET for stable functions, and its errors', async () => {
    expect((await db.rpc('gw_add', { a: 1, b: 2 })).data).toBe(3);
    expect((await db.rpc('gw_add', { a: 1 }, { get: true })).data).toBe(2);
    const set = await db.rpc('gw_books_by', { author: 'Ann' }).select('title').order('title');
    expect(set.data).toEqual([{ title: 'A1' }, { title: 'A2' }]);
    const v = await db.rpc('gw_void');
    expect(v.error).toBeNull();
    expect(v.status).toBe(204);
    const fail = await db.rpc('gw_fail');
    expect(fail.status).toBe(400);
    expect(fail.error).toEqual({ code: 'P0001', message: 'nope', details: 'the detail', hint: 'the hint' });
    const missing = await db.rpc('gw_add', { wrong: 1 });
    expect(missing.status).toBe(404);
    expect(missing.error?.code).toBe('PGRST202');
  });

  it('unknown columns and tables are errors, not 500s', async () => {
    const col = await db.from('gw_books').select('nope');
    expect(col.status).toBe(400);
    expect(col.error?.code).toBe('42703');
    const table = await db.from('gw_nope').select();
    expect(table.status).toBe(404);
    expect(table.error?.code).toBe('PGRST205');
  });

  it('embeds one-to-one as an object, functions over a row as relationships and fields, and spreads', async () => {
    const oneToOne = await db.from('gw_authors').select('name, gw_profiles(bio)').eq('id', 1).single();
    expect(oneToOne.data).toEqual({ name: 'Ann', gw_profiles: { bio: 'writes A' } });
    const computed = await db.from('gw_authors').select('name, books:gw_written(title, gw_shout)').eq('id', 2).single();
    expect(computed.data).toEqual({ name: 'Bob', books: [{ title: 'B1', gw_shout: 'B1' }] });
    const spread = await db.from('gw_books').select('title, ...gw_authors(author:name)').eq('id', 3).single();
    expect(spread.data).toEqual({ title: 'B1', author: 'Bob' });
  });

  it('aggregates are refused while db-aggregates-enabled is off (the default)', async () => {
    const { error, status } = await db.from('gw_books').select('count()');
    expect(status).toBe(400);
    expect(error?.code).toBe('PGRST123');
  });

  it("rpc() picks the callable overload; insert with count: 'exact' counts the rows", async () => {
    const over = await db.rpc('gw_over', { '': 'a' });
    expect(over.data).toBe('text:a');
    const ambiguous = await db.rpc('gw_opt');
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.error?.code).toBe('PGRST203');
    const inserted = await db.from('gw_authors').insert([{ name: 'sb-count-1' }, { name: 'sb-count-2' }], { count: 'exact' });
    expect(inserted.error).toBeNull();
    expect(inserted.count).toBe(2);
  });
});

describe('the gateway over raw HTTP', () => {
  it('refuses a token signed with another secret with 401 and WWW-Authenticate', async () => {
    const res = await rest('/rest/v1/gw_books', { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYW5vbiJ9.x' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
    expect(await res.json()).toMatchObject({ code: 'PGRST301' });
  });

  it('gives no CORS permission to an origin other than the web client', async () => {
    const res = await rest('/rest/v1/gw_books', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("refuses a schema that is not exposed (Accept-Profile), as PostgREST does", async () => {
    const res = await rest('/rest/v1/gw_books', { headers: { 'accept-profile': 'public' } });
    expect(res.status).toBe(406);
    expect(await res.json()).toMatchObject({ code: 'PGRST106' });
  });

  it('serves the API at the root as a bare PostgREST would', async () => {
    const res = await rest('/gw_books?select=id&id=eq.1');
    expect(await res.json()).toEqual([{ id: 1 }]);
  });

  it('describes the api schema as OpenAPI at /rest/v1/', async () => {
    const doc = await (await rest('/rest/v1/')).json();
    expect(doc.swagger).toBe('2.0');
    expect(doc.paths['/gw_books']).toBeDefined();
  });
});
