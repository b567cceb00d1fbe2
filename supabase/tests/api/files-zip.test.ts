// Zips of the drive over HTTP: `POST /functions/v1/files/zip` answers a
// signed URL for the caller's own files and folders, and its GET streams the
// zip: entries byte for byte (UTF-8 names, empty folders, names made
// unique), trashed items left out, other people's ids refused, the URL
// ended with its session, and a large file streamed with the gateway's
// memory flat.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rest, stack } from './support';
import { createUser, functionsUrl, type TestUser, uploadFile } from './files-support';

const MiB = 1024 * 1024;

function rpc(user: TestUser, name: string, args: Record<string, unknown>) {
  return rest(`/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  }).then(async (r) => {
    const text = await r.text();
    return { status: r.status, data: text ? JSON.parse(text) : null };
  });
}

function askZip(user: TestUser, body: unknown) {
  return fetch(`${functionsUrl()}/zip`, {
    method: 'POST',
    headers: { ...user.auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
  expect(body.code).toBe(code);
  return body;
}

/** A zip response saved to disk; its member names and a reader of one member. */
async function saved(res: Response) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-zip-'));
  const file = path.join(dir, 'z.zip');
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return {
    names: execFileSync('unzip', ['-Z1', file]).toString().trim().split('\n'),
    member: (name: string) => execFileSync('unzip', ['-p', file, name], { maxBuffer: 512 * MiB }),
    size: fs.statSync(file).size,
    done: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The pid of the process listening on the gateway's port (from /proc, as root may read it). */
function gatewayPid(): number | null {
  const port = Number(new URL(stack.apiUrl).port);
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[3] === '0A' && parseInt(cols[1].split(':')[1], 16) === port) inodes.add(cols[9]);
    }
  }
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(pid);
      }
    } catch {
      // A process that ended, or one we may not read.
    }
  }
  return null;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  ada = await createUser('zip-ada');
  bob = await createUser('zip-bob');
});

describe('zips of the drive', () => {
  it('a folder, recursively, byte for byte: UTF-8 names, empty folders, trashed items left out', async () => {
    const reports = (await rpc(ada, 'create_folder', { name: 'Rapports été' })).data;
    const old = (await rpc(ada, 'create_folder', { name: 'Old', parent_id: reports.id })).data;
    await rpc(ada, 'create_folder', { name: 'Empty', parent_id: reports.id });
    const q1 = randomBytes(70_000);
    const deep = randomBytes(1234);
    await uploadFile(ada, 'q1 – résumé.bin', q1, { folder_id: reports.id });
    await uploadFile(ada, 'deep.bin', deep, { folder_id: old.id });
    const binned = await uploadFile(ada, 'binned.txt', Buffer.from('gone'), { folder_id: reports.id });
    expect((await rpc(ada, 'trash_file', { file_id: binned.id })).status).toBe(200);

    const asked = await askZip(ada, { folder_ids: [reports.id] });
    expect(asked.status).toBe(200);
    const grant = await asked.json();
    expect(grant).toMatchObject({ name: 'Rapports été.zip', entries: 5 });
    expect(new URL(grant.url).pathname).toBe('/functions/v1/files/zip');

    const res = await fetch(grant.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Rapports _t_.zip"; filename*=UTF-8''${encodeURIComponent('Rapports été.zip')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const length = Number(res.headers.get('content-length'));
    expect(length).toBe(grant.size);
    const zip = await saved(res);
    try {
      expect(zip.size).toBe(length);
      expect(zip.names).toEqual([
        'Rapports été/', 'Rapports été/Empty/', 'Rapports été/Old/', 'Rapports été/Old/deep.bin', 'Rapports été/q1 – résumé.bin',
      ]);
      expect(zip.member('Rapports été/q1 – résumé.bin').equals(q1)).toBe(true);
      expect(zip.member('Rapports été/Old/deep.bin').equals(deep)).toBe(true);
    } finally {
      zip.done();
    }
  });

  it('a selection of files and folders, each at the top, names made unique', async () => {
    const a = (await rpc(ada, 'create_folder', { name: 'Alpha' })).data;
    const inner = (await rpc(ada, 'create_folder', { name: 'notes', parent_id: a.id })).data;
    const top = await uploadFile(ada, 'Notes.txt', Buffer.from('top'));
    const innerFile = await uploadFile(ada, 'Notes.txt', Buffer.from('inner'), { folder_id: inner.id });
    const nested = await uploadFile(ada, 'x.txt', Buffer.from('x'), { folder_id: a.id });
    const res = await askZip(ada, { file_ids: [top.id, innerFile.id, nested.id], folder_ids: [inner.id] });
    expect(res.status).toBe(200);
    const grant = await res.json();
    expect(grant.name).toMatch(/^Drive download \d{4}-\d\d-\d\d\.zip$/);
    const zip = await saved(await fetch(grant.url));
    try {
      expect(zip.names).toEqual(['notes/', 'notes/Notes.txt', 'Notes.txt', 'Notes (2).txt', 'x.txt']);
      expect(zip.member('notes/Notes.txt').toString()).toBe('inner');
      expect(zip.member('Notes.txt').toString()).toBe('top');
      expect(zip.member('Notes (2).txt').toString()).toBe('inner');
    } finally {
      zip.done();
    }
  });

  it('refuses other people\'s ids, trashed ones and bad input, in PostgREST\'s error shape', async () => {
    const mine = await uploadFile(ada, 'private.txt', Buffer.from('secret'));
    const folder = (await rpc(ada, 'create_folder', { name: 'Private' })).data;
    await expectError(await askZip(bob, { file_ids: [mine.id] }), 404, 'PT404');
    await expectError(await askZip(bob, { folder_ids: [folder.id] }), 404, 'PT404');
    const bobs = await uploadFile(bob, 'bob.txt', Buffer.from('bob'));
    await expectError(await askZip(bob, { file_ids: [bobs.id, mine.id] }), 404, 'PT404');
    const trashed = await uploadFile(ada, 'trashed.txt', Buffer.from('t'));
    await rpc(ada, 'trash_file', { file_id: trashed.id });
    await expectError(await askZip(ada, { file_ids: [trashed.id] }), 404, 'PT404');
    await expectError(await askZip(ada, {}), 400, 'PT400');
    await expectError(await askZip(ada, { file_ids: 'nope' }), 400, 'PGRST102');
    await expectError(await askZip(ada, { file_ids: ['not-a-uuid'] }), 400, 'PGRST102');
    await expectError(await fetch(`${functionsUrl()}/zip`, { method: 'POST', headers: { apikey: stack.anonKey } }), 401, 'PGRST301');
    await expectError(await fetch(`${functionsUrl()}/zip`), 401, 'PGRST301');
    await expectError(await fetch(`${functionsUrl()}/zip?token=forged`), 403, 'PGRST301');
  });

  it('serves what SQL decides at the download: a file trashed since is left out, an ended session refused', async () => {
    const carol = await createUser('zip-carol');
    const folder = (await rpc(carol, 'create_folder', { name: 'Later' })).data;
    await uploadFile(carol, 'keep.txt', Buffer.from('keep'), { folder_id: folder.id });
    const drop = await uploadFile(carol, 'drop.txt', Buffer.from('drop'), { folder_id: folder.id });
    const grant = await (await askZip(carol, { folder_ids: [folder.id] })).json();
    await rpc(carol, 'trash_file', { file_id: drop.id });
    const zip = await saved(await fetch(grant.url));
    try {
      expect(zip.names).toEqual(['Later/', 'Later/keep.txt']);
    } finally {
      zip.done();
    }
    expect((await rpc(carol, 'logout', {})).status).toBeLessThan(300);
    await expectError(await fetch(grant.url), 401, 'PT401');
  });

  it('streams a large file with the gateway\'s memory flat', async () => {
    const pid = gatewayPid();
    expect(pid, 'the gateway process, found by its port').not.toBeNull();
    const big = randomBytes(96 * MiB);
    const file = await uploadFile(ada, 'big.bin', big);
    const grant = await (await askZip(ada, { file_ids: [file.id] })).json();
    const before = rssOf(pid!);
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid!))), 20);
    const res = await fetch(grant.url);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'files-zip-big-'));
    const out = fs.openSync(path.join(dir, 'big.zip'), 'w');
    let received = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        fs.writeSync(out, chunk);
        received += chunk.byteLength;
      }
      clearInterval(timer);
      fs.closeSync(out);
      expect(received).toBe(Number(res.headers.get('content-length')));
      const member = execFileSync('unzip', ['-p', path.join(dir, 'big.zip'), 'big.bin'], { maxBuffer: 512 * MiB });
      expect(member.equals(big)).toBe(true);
    } finally {
      clearInterval(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // Nothing staged whole: the gateway grows by well under the file's size.
    expect(peak - before).toBeLessThan(48 * MiB);
  }, 120_000);
});
