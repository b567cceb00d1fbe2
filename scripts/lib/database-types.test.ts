// The committed row types of the web client (web/src/lib/api/database.types.ts)
// are what `supabase gen types` says of the migrations' `api` schema: a
// migration that changes the API without regenerating them fails here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from './migrate.mjs';
import { TYPES_FILE, typesAreCurrent } from './database-types.mjs';

describe('the web client\'s generated row types', () => {
  it('are what the migrations build (regenerate with node scripts/gen-types.mjs)', async () => {
    expect(await typesAreCurrent(TYPES_FILE)).toBe(true);
  });

  it('go stale when a migration changes the api schema', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pgdrive-migrations-'));
    for (const file of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
    fs.writeFileSync(path.join(dir, '99990101000000_changed.sql'), 'alter view api.folders rename column name to title;\n');
    try {
      expect(await typesAreCurrent(TYPES_FILE, { migrationsDir: dir })).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
