import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api/errors';
import type { PaymentStatus } from '$lib/api/payments';
import { PaymentFlow } from './payment.svelte';

const pending: PaymentStatus = { transactionId: 't1', state: 'pending', message: 'Check your phone and enter your M-Pesa PIN.', receipt: null, final: false };

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('PaymentFlow', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('remembers the phone and waits until the payment is final', async () => {
    const storage = memoryStorage({ 'pgdrive.mpesa-phone': '0712 345 678' });
    const answers: PaymentStatus[] = [pending, { ...pending, state: 'paid', message: 'Paid.', receipt: 'SAB1234567', final: true }];
    const api = { start: vi.fn(async () => pending), status: vi.fn(async () => answers.shift()!) };
    const flow = new PaymentFlow(storage, api);
    expect(flow.phone).toBe('0712 345 678');
    flow.phone = '0722 000 000';
    await flow.start('plus');
    expect(api.start).toHaveBeenCalledWith('plus', '0722 000 000');
    expect(storage.data.get('pgdrive.mpesa-phone')).toBe('0722 000 000');
    expect(flow.step).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1500);
    expect(flow.step).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1500);
    expect(flow.step).toBe('done');
    expect(flow.status?.receipt).toBe('SAB1234567');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.status).toHaveBeenCalledTimes(2);
  });

  it('keeps asking through a lost answer, and stops when told to', async () => {
    const api = { start: vi.fn(async () => pending), status: vi.fn(async () => { throw new Error('offline'); }) };
    const flow = new PaymentFlow(memoryStorage(), api);
    flow.phone = '0712345678';
    await flow.start('plus');
    await vi.advanceTimersByTimeAsync(4500);
    expect(api.status).toHaveBeenCalledTimes(3);
    expect(flow.step).toBe('waiting');
    flow.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.status).toHaveBeenCalledTimes(3);
    expect(flow.step).toBe('idle');
  });

  it("shows the API's refusal and does not wait", async () => {
    const refused = new ApiError(409, { code: 'PT409', message: 'Another M-Pesa prompt is already waiting on this phone.' });
    const api = { start: vi.fn(async () => { throw refused; }), status: vi.fn() };
    const flow = new PaymentFlow(memoryStorage(), api);
    flow.phone = '0712345678';
    await flow.start('plus');
    expect(flow.step).toBe('idle');
    expect(flow.error).toBe('Another M-Pesa prompt is already waiting on this phone.');
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.status).not.toHaveBeenCalled();
  });
});
