// The caller's storage account: bytes used, reserved by uploads in flight, the quota, and the room
// left (SQL's one figure: for a folder token, the folder's use against the drive's room).
import { supabase } from './client';
import { unwrap } from './errors';
import { toNumber, type StorageUsage } from './types';

export async function storageUsage(): Promise<StorageUsage | null> {
  const rows = unwrap(await supabase.from('storage_usage').select('*').limit(1)) ?? [];
  const r = rows[0];
  return r
    ? { used: toNumber(r.used), reserved: toNumber(r.reserved), quota: toNumber(r.quota), available: toNumber(r.available) }
    : null;
}
