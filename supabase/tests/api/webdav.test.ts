// WebDAV against the real stack: Debian's litmus suite (basic, copymove,
// props, locks, http), Debian's rclone copying a tree of odd names up and
// down, curl holding a LOCK/PUT/UNLOCK session, and the refusals: a
// read-only token, another user's paths, a Destination outside the drive,
// `..` in any form, a revoked token.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientWithToken, stack } from './support';
import { createUser, type TestUser } from './files-support';
import { basic, dav, davUrl, statusOf, token } from './webdav-support';

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

describe('WebDAV', () => {
  let ada: TestUser;
  let ro: string;
  let rw: string;

  beforeAll(async () => {
    ada = await createUser('dav');
    rw = (await token(ada, ['files:write'])).token;
    ro = (await token(ada, ['files:read'])).token;
  });

  it('answers 401 with a Basic challenge without a token, and never takes a password', async () => {
    const none = await fetch(davUrl(), { method: 'PROPFIND', headers: { depth: '0' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="pgdrive"/);
    await none.arrayBuffer();
    expect(await statusOf(dav('PROPFIND', '', basic(ada, 'password123'), { headers: { depth: '0' } }))).toBe(401);
    expect(await statusOf(dav('PROPFIND', '', basic(ada, 'pgd_' + 'x'.repeat(43)), { headers: { depth: '0' } }))).toBe(401);
  });

  it('answers hostile XML bodies with a 4xx JSON error: too large, a DTD, not XML', async () => {
    const auth = basic(ada, rw);
    const cases: [string, number, string][] = [
      [`<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><!--${'x'.repeat(1 << 20)}--><D:allprop/></D:propfind>`, 413, 'PT413'],
      ['<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>', 400, 'PT400'],
      ['<D:propfind xmlns:D="DAV:"><D:allprop>', 400, 'PT400'],
    ];
    for (const [body, status, code] of cases) {
      const res = await dav('PROPFIND', '', auth, { headers: { depth: '0', 'content-type': 'application/xml' }, body });
      expect({ status: res.status, code: (await res.json()).code }).toEqual({ status, code });
    }
  });

  it('refuses every write of a read-only token', async () => {
    const auth = basic(ada, ro);
    expect(await statusOf(dav('PROPFIND', '', auth, { headers: { depth: '1' } }))).toBe(207);
    expect(await statusOf(dav('PUT', 'ro.txt', auth, { body: 'x' }))).toBe(403);
    expect(await statusOf(dav('MKCOL', 'ro-dir', auth))).toBe(403);
    expect(await statusOf(dav('PUT', 'mine.txt', basic(ada, rw), { body: 'mine' }))).toBe(201);
    expect(await statusOf(dav('DELETE', 'mine.txt', auth))).toBe(403);
    expect(await statusOf(dav('MOVE', 'mine.txt', auth, { headers: { destination: davUrl() + 'moved.txt' } }))).toBe(403);
    expect(await statusOf(dav('PROPPATCH', 'mine.txt', auth, {
      body: '<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><x:a xmlns:x="urn:x">1</x:a></D:prop></D:set></D:propertyupdate>',
    }))).not.toBe(207);
  });

  it('a read-only token can neither take nor release a lock', async () => {
    const lockinfo = '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>' +
      '<D:locktype><D:write/></D:locktype></D:lockinfo>';
    expect(await statusOf(dav('PUT', 'locked.txt', basic(ada, rw), { body: 'v1' }))).toBe(201);
    expect(await statusOf(dav('LOCK', 'locked.txt', basic(ada, ro), { body: lockinfo }))).toBe(403);
    const locked = await dav('LOCK', 'locked.txt', basic(ada, rw), { body: lockinfo, headers: { timeout: 'Second-600' } });
    await locked.arrayBuffer();
    expect(locked.status).toBe(200);
    const lockToken = locked.headers.get('lock-token')!;
    expect(lockToken).toMatch(/^<opaquelocktoken:/);
    expect(await statusOf(dav('UNLOCK', 'locked.txt', basic(ada, ro), { headers: { 'lock-token': lockToken } }))).toBe(403);
    // Still locked: a PUT without the lock's token is refused, with it accepted.
    expect(await statusOf(dav('PUT', 'locked.txt', basic(ada, rw), { body: 'v2' }))).toBe(423);
    expect(await statusOf(dav('UNLOCK', 'locked.txt', basic(ada, rw), { headers: { 'lock-token': lockToken } }))).toBe(204);
    expect(await statusOf(dav('PUT', 'locked.txt', basic(ada, rw), { body: 'v2' }))).toBe(204);
  });

  it('curl holds a LOCK/PUT/UNLOCK session as the README shows it', async () => {
    const url = new URL('curl-notes.txt', davUrl()).toString();
    const user = `${ada.email}:${rw}`;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-curl-')), 'notes.txt');
    fs.writeFileSync(file, 'written under the lock');
    const lock = await run('curl', ['-sS', '-i', '-u', user, '-X', 'LOCK', url, '-H', 'content-type: application/xml', '-d',
      '<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>']);
    expect(lock.out).toMatch(/^HTTP\/1\.1 201/);
    const lockToken = /^lock-token: (<opaquelocktoken:[^>]+>)/im.exec(lock.out)![1];
    const status = async (args: string[]) => (await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-u', user, ...args])).out;
    expect(await status(['-T', file, url])).toBe('423');
    expect(await status(['-T', file, url, '-H', `If: (${lockToken})`])).toBe('204');
    expect(await status(['-X', 'UNLOCK', url, '-H', `Lock-Token: ${lockToken}`])).toBe('204');
    expect((await run('curl', ['-sS', '-u', user, url])).out).toBe('written under the lock');
    expect(await status(['-T', file, url])).toBe('204');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('keeps a user inside their own drive: other paths, Destinations and .. in any form', async () => {
    const bob = await createUser('dav-bob');
    const bobAuth = basic(bob, (await token(bob, ['files:write'])).token);
    const adaAuth = basic(ada, rw);
    expect(await statusOf(dav('PUT', 'ada-secret.txt', adaAuth, { body: 'secret' }))).toBe(201);
    // Bob's drive has no such file: the same path is his own, and empty.
    expect(await statusOf(dav('GET', 'ada-secret.txt', bobAuth))).toBe(404);
    const list = await (await dav('PROPFIND', '', bobAuth, { headers: { depth: '1' } })).text();
    expect(list).not.toContain('ada-secret');
    for (const p of ['%2e%2e/ada-secret.txt', '..%2fada-secret.txt', 'a/%2E%2E/%2e%2e/x', '%2e%2e%5cx', 'a%00b']) {
      const status = await statusOf(fetch(`${davUrl()}${p}`, { headers: { authorization: bobAuth } }));
      expect([400, 403, 404], p).toContain(status);
    }
    for (const destination of [
      'http://elsewhere.example/functions/v1/webdav/x.txt',
      `${stack.apiUrl}/functions/v1/files/x.txt`,
      `${stack.apiUrl}/functions/v1/webdav/%2e%2e/x.txt`,
      `${stack.apiUrl}/rest/v1/files`,
    ]) {
      const status = await statusOf(dav('COPY', 'ada-secret.txt', adaAuth, { headers: { destination } }));
      expect([400, 403, 502], destination).toContain(status);
    }
  });

  it('keeps names as NFC: a decomposed name (as macOS sends it) finds the composed one', async () => {
    const auth = basic(ada, rw);
    expect(await statusOf(dav('PUT', encodeURIComponent('re\u0301sume\u0301.txt'), auth, { body: 'cv' }))).toBe(201);
    expect(await (await dav('GET', encodeURIComponent('r\u00e9sum\u00e9.txt'), auth)).text()).toBe('cv');
    const list = await (await dav('PROPFIND', '', auth, { headers: { depth: '1' } })).text();
    expect(list).toContain(encodeURIComponent('r\u00e9sum\u00e9.txt'));
  });

  it('shows each lock in PROPFIND exactly where SQL enforces it, for names JS and SQL fold differently', async () => {
    const auth = basic(ada, rw);
    const names = ['Stra\u00dfe.txt', '\u0130stanbul.txt', '\u039f\u0394\u039f\u03a3.txt', '\u212Aelvin.txt'];
    expect(await statusOf(dav('MKCOL', 'Folds', auth))).toBe(201);
    const lockinfo = '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope>' +
      '<D:locktype><D:write/></D:locktype><D:owner>test</D:owner></D:lockinfo>';
    const tokens = new Map<string, string>();
    for (const name of [...names, 'plain.txt']) {
      expect(await statusOf(dav('PUT', 'Folds/' + encodeURIComponent(name), auth, { body: name }))).toBe(201);
    }
    for (const name of names) {
      const res = await dav('LOCK', 'Folds/' + encodeURIComponent(name), auth, { headers: { depth: '0' }, body: lockinfo });
      expect(res.status, name).toBe(200);
      await res.arrayBuffer();
      tokens.set(name, /<opaquelocktoken:([0-9a-f-]{36})>/.exec(res.headers.get('lock-token') ?? '')![1]);
      // SQL enforces it: a PUT without the token is refused.
      expect(await statusOf(dav('PUT', 'Folds/' + encodeURIComponent(name), auth, { body: 'x' })), name).toBe(423);
    }
    const list = await (await dav('PROPFIND', 'Folds/', auth, { headers: { depth: '1' } })).text();
    const responses = list.split('<D:response>').slice(1);
    // The Kelvin sign is K once NFC-normalised, as the drive stores names.
    const of = (name: string) => responses.find((r) => r.includes('/Folds/' + encodeURIComponent(name.normalize('NFC')) + '</D:href>'))!;
    for (const name of names) {
      expect(of(name), name).toContain(`opaquelocktoken:${tokens.get(name)}`);
      const one = await (await dav('PROPFIND', 'Folds/' + encodeURIComponent(name), auth, { headers: { depth: '0' } })).text();
      expect(one, name).toContain(`opaquelocktoken:${tokens.get(name)}`);
    }
    expect(of('plain.txt')).not.toContain('activelock');
  });

  it('refuses a revoked token at once', async () => {
    const made = await token(ada, ['files:write']);
    const auth = basic(ada, made.token);
    expect(await statusOf(dav('PROPFIND', '', auth, { headers: { depth: '0' } }))).toBe(207);
    await clientWithToken(ada.token).rpc('revoke_access_token', { token_id: made.id });
    expect(await statusOf(dav('PROPFIND', '', auth, { headers: { depth: '0' } }))).toBe(401);
    expect(await statusOf(dav('PUT', 'after-revoke.txt', auth, { body: 'x' }))).toBe(401);
  });

  it('a folder-limited token sees its folder as the root', async () => {
    const adaAuth = basic(ada, rw);
    expect(await statusOf(dav('MKCOL', 'Backups', adaAuth))).toBe(201);
    expect(await statusOf(dav('PUT', 'outside.txt', adaAuth, { body: 'out' }))).toBe(201);
    const { data: folder } = await clientWithToken(ada.token).from('folders').select('id').eq('name', 'Backups').single();
    const scoped = basic(ada, (await token(ada, ['files:write'], folder!.id)).token);
    expect(await statusOf(dav('PUT', 'nightly.txt', scoped, { body: 'n' }))).toBe(201);
    const list = await (await dav('PROPFIND', '', scoped, { headers: { depth: '1' } })).text();
    expect(list).toContain('nightly.txt');
    expect(list).not.toContain('outside.txt');
    expect(await statusOf(dav('GET', 'outside.txt', scoped))).toBe(404);
    expect(await (await dav('GET', 'Backups/nightly.txt', adaAuth)).text()).toBe('n');
  });

  it('round-trips a tree of 200 odd names with rclone, byte for byte', { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-rclone-'));
    const up = path.join(dir, 'up');
    const down = path.join(dir, 'down');
    const names = ['café', 'ümlaut ö', '日本語', 'emoji 😀', 'space  two', 'per%cent', 'hash#tag', 'q?mark',
      'amp&er', 'plus+sign', "quote'single", 'semi;colon', 'brace{x}', 'Ωmega', 'a,b', 'eq=ual', '[brackets]', '~tilde'];
    const files: string[] = [];
    for (let i = 0; i < 200; i++) {
      const sub = ['', 'sub dir/', 'sub dir/deeper é/', 'ß/'][i % 4];
      files.push(`${sub}${names[i % names.length]} ${i}.bin`);
    }
    for (const f of files) {
      fs.mkdirSync(path.join(up, path.dirname(f)), { recursive: true });
      fs.writeFileSync(path.join(up, f), randomBytes(i32(f)));
    }
    const obscured = (await run('rclone', ['obscure', rw])).out.trim();
    const env = {
      RCLONE_CONFIG: path.join(dir, 'none.conf'),
      RCLONE_CONFIG_PGD_TYPE: 'webdav',
      RCLONE_CONFIG_PGD_URL: davUrl(),
      RCLONE_CONFIG_PGD_VENDOR: 'other',
      RCLONE_CONFIG_PGD_USER: ada.email,
      RCLONE_CONFIG_PGD_PASS: obscured,
    };
    const copyUp = await run('rclone', ['copy', up, 'pgd:tree', '--transfers', '4'], env);
    expect(copyUp.code, copyUp.out).toBe(0);
    const copyDown = await run('rclone', ['copy', 'pgd:tree', down, '--transfers', '4'], env);
    expect(copyDown.code, copyDown.out).toBe(0);
    const hash = (p: string) => createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    for (const f of files) {
      expect(hash(path.join(down, f)), f).toBe(hash(path.join(up, f)));
    }
    const check = await run('rclone', ['check', up, 'pgd:tree'], env);
    expect(check.code, check.out).toBe(0);
    const again = await run('rclone', ['sync', up, 'pgd:tree', '-v', '--stats-one-line'], env);
    expect(again.code, again.out).toBe(0);
    expect(again.out).not.toMatch(/Copied \(new\)|Copied \(replaced/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes litmus basic, copymove, props, locks and http', { timeout: 120_000 }, async () => {
    const res = await run('litmus', ['-k', davUrl(), ada.email, rw], { TESTS: 'basic copymove props locks http' });
    const failures = res.out.split('\n').filter((l) => /FAIL/.test(l));
    expect(failures, res.out).toEqual([]);
    expect(res.code, res.out).toBe(0);
  });
});

/** A small size per file, different for each name. */
function i32(name: string): number {
  return createHash('md5').update(name).digest().readUInt16BE(0) % 5000;
}
