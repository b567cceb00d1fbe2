// The committed schema reference (supabase/schema/) is what the migrations
// build: a migration changed without regenerating it fails here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './config.mjs';
import { MIGRATIONS_DIR } from './migrate.mjs';
import { compareReference } from './schema-reference-files.mjs';

const REFERENCE = path.join(ROOT, 'supabase', 'schema');

describe('the schema reference', () => {
  it('is what the migrations build (regenerate with node scripts/schema-reference.mjs)', async () => {
    expect(await compareReference(REFERENCE)).toEqual([]);
  });

  it('goes stale when a migration changes an object', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-migrations-'));
    for (const file of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
    fs.writeFileSync(path.join(dir, '99990101000000_changed.sql'), `comment on table app.files is 'changed';\n`);
    try {
      expect(await compareReference(REFERENCE, { migrationsDir: dir })).toEqual(['differs: app/files.sql']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
