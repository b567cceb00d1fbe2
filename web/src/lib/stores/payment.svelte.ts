// One payment from "Pay" to its end: starts it, then asks how it went until
// the answer is final. The server always ends a payment (the callback, or
// the reconciliation's query, or expiry after five minutes), so the wait
// ends too; the user may stop watching at any time ("the payment goes on").
import { messageOf } from '$lib/api/errors';
import type { PaymentStatus } from '$lib/api/payments';

const PHONE_KEY = 'pgdrive.mpesa-phone';
const POLL_MS = 1500;

export type FlowStep = 'idle' | 'starting' | 'waiting' | 'done';

/** The two calls the flow makes (lib/api/payments' in the app; tests pass their own). */
export interface PaymentApi {
  start: (plan: string, phone: string) => Promise<PaymentStatus>;
  status: (transactionId: string) => Promise<PaymentStatus>;
}

export class PaymentFlow {
  step = $state<FlowStep>('idle');
  status = $state<PaymentStatus | null>(null);
  error = $state<string | null>(null);
  phone = $state('');
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null,
    private readonly api: PaymentApi,
  ) {
    this.phone = storage?.getItem(PHONE_KEY) ?? '';
  }

  /** Sends the prompt to the phone; remembers the phone for next time. */
  async start(plan: string): Promise<void> {
    this.stop();
    this.step = 'starting';
    this.error = null;
    this.status = null;
    try {
      this.status = await this.api.start(plan, this.phone);
      this.storage?.setItem(PHONE_KEY, this.phone);
      this.step = 'waiting';
      this.schedule();
    } catch (err) {
      this.error = messageOf(err);
      this.step = 'idle';
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.poll(), POLL_MS);
  }

  private async poll(): Promise<void> {
    this.timer = null;
    if (!this.status || this.step !== 'waiting') return;
    try {
      this.status = await this.api.status(this.status.transactionId);
    } catch {
      // A lost answer is asked again: the payment's state is on the server.
    }
    if (this.status.final) this.step = 'done';
    else this.schedule();
  }

  /** Stops watching (the payment itself goes on until M-Pesa answers). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.step === 'waiting') this.step = 'idle';
  }

  reset(): void {
    this.stop();
    this.step = 'idle';
    this.status = null;
    this.error = null;
  }
}
