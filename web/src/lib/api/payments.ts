// Plans and M-Pesa payments: the price list, the caller's plan, starting a
// payment and asking how it went, and the payment history.
import { supabase } from './client';
import { unwrap } from './errors';
import { toNumber } from './types';

export interface Plan {
  code: string;
  name: string;
  quotaBytes: number;
  priceKes: number;
  periodDays: number | null;
}

export interface Subscription {
  planCode: string;
  planName: string;
  quotaBytes: number;
  usedBytes: number;
  endsAt: string | null;
  daysLeft: number | null;
}

export type PaymentState = 'pending' | 'paid' | 'failed' | 'expired' | 'needs_review';

export interface PaymentStatus {
  transactionId: string;
  state: PaymentState;
  message: string;
  receipt: string | null;
  final: boolean;
}

export interface Payment {
  id: string;
  planName: string;
  amount: number;
  phone: string;
  state: PaymentState;
  message: string;
  receipt: string | null;
  createdAt: string;
  paidAt: string | null;
}

export async function listPlans(): Promise<Plan[]> {
  const rows = unwrap(await supabase.from('plans').select('*')) ?? [];
  return rows.map((r) => ({
    code: r.code!, name: r.name!, quotaBytes: toNumber(r.quota_bytes), priceKes: r.price_kes ?? 0, periodDays: r.period_days,
  }));
}

export async function mySubscription(): Promise<Subscription | null> {
  const [r] = unwrap(await supabase.from('my_subscription').select('*').limit(1)) ?? [];
  return r
    ? {
        planCode: r.plan_code!, planName: r.plan_name!, quotaBytes: toNumber(r.quota_bytes), usedBytes: toNumber(r.used_bytes),
        endsAt: r.ends_at, daysLeft: r.days_left,
      }
    : null;
}

/** Starts a payment: the prompt goes to `phone`. 409 while one is waiting, 429 when asked too often. */
export async function startPayment(plan: string, phone: string): Promise<PaymentStatus> {
  const r = unwrap(await supabase.rpc('start_payment', { plan, phone })) as unknown as Record<string, string>;
  return { transactionId: r.transaction_id, state: r.state as PaymentState, message: r.message, receipt: null, final: false };
}

export async function paymentStatus(transactionId: string): Promise<PaymentStatus> {
  const r = unwrap(await supabase.rpc('payment_status', { transaction_id: transactionId })) as unknown as Record<string, unknown>;
  return {
    transactionId, state: r.state as PaymentState, message: String(r.message), receipt: (r.receipt as string | null) ?? null,
    final: r.final === true,
  };
}

/** One payment as its receipt shows it: the history's fields and the period it bought. */
export interface Receipt extends Payment {
  planCode: string;
  settledAt: string | null;
  periodStartsAt: string | null;
  periodEndsAt: string | null;
}

/** The caller's payment `id` for its receipt page; null when there is none of theirs (RLS hides others'). */
export async function myReceipt(id: string): Promise<Receipt | null> {
  const [r] = unwrap(await supabase.from('my_transactions').select('*').eq('id', id).limit(1)) ?? [];
  return r
    ? {
        id: r.id!, planCode: r.plan_code!, planName: r.plan_name!, amount: r.amount!, phone: r.phone!, state: r.state as PaymentState,
        message: r.message!, receipt: r.receipt, createdAt: r.created_at!, paidAt: r.paid_at, settledAt: r.settled_at,
        periodStartsAt: r.period_starts_at, periodEndsAt: r.period_ends_at,
      }
    : null;
}

export async function myPayments(): Promise<Payment[]> {
  const rows = unwrap(await supabase.from('my_transactions').select('*').order('created_at', { ascending: false }).limit(100)) ?? [];
  return rows.map((r) => ({
    id: r.id!, planName: r.plan_name!, amount: r.amount!, phone: r.phone!, state: r.state as PaymentState, message: r.message!,
    receipt: r.receipt, createdAt: r.created_at!, paidAt: r.paid_at,
  }));
}
