import { describe, expect, it, vi } from 'vitest';
import { RefreshGrace } from './refresh-grace';

describe('RefreshGrace', () => {
  it('asks the API once when two tabs refresh the same token together', async () => {
    const grace = new RefreshGrace<string>();
    const call = vi.fn(async () => 'new tokens');
    const [a, b] = await Promise.all([grace.run('rt-1', call), grace.run('rt-1', call)]);
    expect(a).toBe('new tokens');
    expect(b).toBe('new tokens');
    expect(call).toHaveBeenCalledOnce();
  });

  it('forgets a token after the grace window and after a failure', async () => {
    let now = 0;
    const grace = new RefreshGrace<string>(() => now);
    const call = vi.fn(async () => 'ok');
    await grace.run('rt', call);
    now = 21_000;
    await grace.run('rt', call);
    expect(call).toHaveBeenCalledTimes(2);

    const failing = vi.fn(async () => {
      throw new Error('network');
    });
    await expect(grace.run('rt-2', failing)).rejects.toThrow('network');
    await Promise.resolve();
    await expect(grace.run('rt-2', failing)).rejects.toThrow('network');
    expect(failing).toHaveBeenCalledTimes(2);
  });
});
