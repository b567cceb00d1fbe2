import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/errors';
import { isUnavailable, withDeadline } from './deadline';

describe('withDeadline', () => {
  it('answers what the work answers in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 50)).resolves.toBe(42);
  });

  it('gives up with a 504 when the work is slower than the deadline', async () => {
    vi.useFakeTimers();
    const never = new Promise<number>(() => {});
    const waiting = withDeadline(never, 10_000);
    vi.advanceTimersByTime(10_001);
    await expect(waiting).rejects.toMatchObject({ status: 504, message: 'pgdrive is taking too long to answer.' });
    vi.useRealTimers();
  });
});

describe('isUnavailable', () => {
  it('is true for no answer, a server failure or a timeout, false for a refusal', () => {
    expect(isUnavailable(new TypeError('Failed to fetch'))).toBe(true);
    expect(isUnavailable(new ApiError(0, { message: 'TypeError: Failed to fetch' }))).toBe(true);
    expect(isUnavailable(new ApiError(502, {}))).toBe(true);
    expect(isUnavailable(new ApiError(504, {}))).toBe(true);
    expect(isUnavailable(new ApiError(404, {}))).toBe(false);
    expect(isUnavailable(new ApiError(403, {}))).toBe(false);
  });
});
