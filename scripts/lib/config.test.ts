// The launcher's configuration refuses what it cannot use with a message that
// names the variable, instead of passing it on for SQL to misread.
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.mjs';

describe('loadConfig', () => {
  it('passes BACKUP_RETENTION_DAYS on as a whole number of days, and leaves SQL its default when unset', () => {
    expect(loadConfig({}).backupRetentionDays).toBeNull();
    expect(loadConfig({ BACKUP_RETENTION_DAYS: '' }).backupRetentionDays).toBeNull();
    expect(loadConfig({ BACKUP_RETENTION_DAYS: '0' }).backupRetentionDays).toBe('0');
    expect(loadConfig({ BACKUP_RETENTION_DAYS: '35' }).backupRetentionDays).toBe('35');
  });

  it('refuses a BACKUP_RETENTION_DAYS that is not a whole number of days, saying which and why', () => {
    for (const bad of ['a week', '-1', '7.5', '1e3', '99999']) {
      expect(() => loadConfig({ BACKUP_RETENTION_DAYS: bad }), bad).toThrow(
        `BACKUP_RETENTION_DAYS must be a whole number of days (0-9999), got "${bad}"`,
      );
    }
  });

  it('refuses a port that is not one', () => {
    expect(() => loadConfig({ GATEWAY_PORT: '70000' })).toThrow('GATEWAY_PORT must be a port number (0-65535), got "70000"');
  });
});
