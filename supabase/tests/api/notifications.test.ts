// The notifications contract over HTTP with supabase-js, as the web client
// calls it: a page by cursor with the unread count, marking read, deleting,
// preferences; every refusal a 4xx in PostgREST's shape.
import { describe, expect, it } from 'vitest';
import { signup } from './accounts-support';
import { adminSql, anonClient, clientWithToken } from './support';

describe('rpc/notifications and friends', () => {
  it('pages, marks read, deletes and sets preferences for the caller only', async () => {
    const ada = await signup('rpc-ada');
    const bob = await signup('rpc-bob');
    const sql = adminSql();
    try {
      for (let i = 1; i <= 3; i++) await sql`select app.notify(${ada.id}::uuid, 'storage_80', ${sql.json({ percent: 80 + i })}, 'folder', gen_random_uuid())`;
    } finally {
      await sql.end();
    }
    const client = clientWithToken(ada.token);
    const first = await client.rpc('notifications', { limit: 2 });
    expect(first.error).toBeNull();
    expect(first.data.items.map((n: { payload: { percent: number } }) => n.payload.percent)).toEqual([83, 82]);
    expect(first.data.unread).toBe(3);
    const second = await client.rpc('notifications', { before: first.data.next, limit: 2 });
    expect(second.data.items.map((n: { payload: { percent: number } }) => n.payload.percent)).toEqual([81]);
    expect(second.data.next).toBeNull();

    const bobs = clientWithToken(bob.token);
    expect((await bobs.rpc('notifications', {})).data.items).toEqual([]);
    const id = first.data.items[0].id;
    expect((await bobs.rpc('mark_read', { ids: [id] })).data).toEqual({ marked: 0, unread: 0 });
    const notHis = await bobs.rpc('delete_notification', { id });
    expect(notHis.status).toBe(404);
    expect(notHis.error).toMatchObject({ code: 'PT404', message: 'Notification not found' });

    expect((await client.rpc('mark_read', { ids: [id] })).data).toEqual({ marked: 1, unread: 2 });
    expect((await client.rpc('mark_read', {})).data).toEqual({ marked: 2, unread: 0 });
    expect((await client.rpc('delete_notification', { id })).error).toBeNull();

    const bad = await client.rpc('notifications', { limit: 1000 });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ message: 'limit must be between 1 and 100' });
    const locked = await client.rpc('set_notification_preference', { type: 'password_changed', email: false });
    expect(locked.status).toBe(400);
    expect(locked.error).toMatchObject({ message: 'This security email cannot be turned off' });
    expect((await client.rpc('set_notification_preference', { type: 'storage_80', email: false })).data).toEqual({ type: 'storage_80', email: false });
    const prefs = (await client.rpc('notification_preferences')).data as { type: string; email: boolean }[];
    expect(prefs.find((p) => p.type === 'storage_80')!.email).toBe(false);
    expect(((await bobs.rpc('notification_preferences')).data as { type: string; email: boolean }[]).find((p) => p.type === 'storage_80')!.email).toBe(true);

    const anon = await anonClient().rpc('notifications', {});
    expect([401, 403]).toContain(anon.status);
    expect(anon.error).toHaveProperty('code');
  });
});
