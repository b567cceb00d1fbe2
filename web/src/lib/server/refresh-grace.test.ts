import { describe, expect, it, vi } from 'vitest';
import { GRACE_MS, RefreshGrace } from './refresh-grace';

const tabA = '203.0.113.7\nFirefox 140';

describe('RefreshGrace', () => {
  it('asks the API once when two tabs of one client refresh the same token together', async () => {
    const grace = new RefreshGrace<string>();
    const call = vi.fn(async () => 'new tokens');
    const [a, b] = await Promise.all([grace.run('rt-1', tabA, call), grace.run('rt-1', tabA, call)]);
    expect(a).toBe('new tokens');
    expect(b).toBe('new tokens');
    expect(call).toHaveBeenCalledOnce();
  });

  it('hands the result to the same client for 10 s, no longer', async () => {
    let now = 0;
    const grace = new RefreshGrace<string>(() => now);
    const call = vi.fn(async () => 'ok');
    expect(GRACE_MS).toBe(10_000);
    await grace.run('rt', tabA, call);
    now = 9_999;
    await grace.run('rt', tabA, call);
    expect(call).toHaveBeenCalledOnce();
    now = 10_000;
    await grace.run('rt', tabA, call);
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('never hands the result to another client: another address or another user agent asks the API', async () => {
    const grace = new RefreshGrace<string>(() => 0);
    const call = vi.fn(async () => 'ok');
    await grace.run('rt', tabA, call);
    await grace.run('rt', '198.51.100.9\nFirefox 140', call);
    await grace.run('rt', '203.0.113.7\ncurl/8.5', call);
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('forgets a token after a failure', async () => {
    const grace = new RefreshGrace<string>(() => 0);
    const failing = vi.fn(async () => {
      throw new Error('network');
    });
    await expect(grace.run('rt-2', tabA, failing)).rejects.toThrow('network');
    await Promise.resolve();
    await expect(grace.run('rt-2', tabA, failing)).rejects.toThrow('network');
    expect(failing).toHaveBeenCalledTimes(2);
  });
});
