// Payments over HTTP against the Daraja simulator the test stack runs: the
// push leaves on NOTIFY, the simulator calls back, the gateway's timer
// reconciles what never got a callback. The outcome is the phone's last four
// digits (supabase/functions/mpesa/simulator.ts).
import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rpc, signup, type Session } from './accounts-support';
import { adminSql, stack } from './support';

const FREE = 1073741824;
const PLUS = 53687091200;

/** A phone number no other test uses, ending in the outcome's four digits. */
const used = new Set<string>();
function phone(outcome: string): string {
  for (;;) {
    const p = `07${String(randomInt(10_000)).padStart(4, '0')}${outcome}`;
    if (!used.has(p)) {
      used.add(p);
      return p;
    }
  }
}
const msisdn = (typed: string) => `254${typed.slice(1)}`;

async function startPayment(user: Session, plan: string, typed: string) {
  return await rpc('start_payment', { plan, phone: typed }, user.token);
}

async function status(user: Session, id: string) {
  const res = await rpc('payment_status', { transaction_id: id }, user.token);
  expect(res.status).toBe(200);
  return res.body;
}

/** Polls payment_status until the payment is final (or `until` holds). */
async function waitFor(user: Session, id: string, until = (s: any) => s.final, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await status(user, id);
    if (until(s)) return s;
    if (Date.now() > deadline) throw new Error(`payment ${id} still ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function quota(user: Session): Promise<number> {
  const res = await fetch(`${stack.apiUrl}/rest/v1/storage_usage`, {
    headers: { apikey: stack.anonKey, authorization: `Bearer ${user.token}` },
  });
  const [row] = await res.json();
  return Number(row.quota);
}

async function callback(secret: string, body: unknown): Promise<Response> {
  return await fetch(`${stack.apiUrl}/functions/v1/mpesa/callback/${secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function success(checkout: string, amount: number, receipt: string, phoneNumber: string) {
  return {
    Body: {
      stkCallback: {
        MerchantRequestID: 'forged', CheckoutRequestID: checkout, ResultCode: 0,
        ResultDesc: 'The service request is processed successfully.',
        CallbackMetadata: { Item: [
          { Name: 'Amount', Value: amount }, { Name: 'MpesaReceiptNumber', Value: receipt },
          { Name: 'TransactionDate', Value: 20261202101010 }, { Name: 'PhoneNumber', Value: Number(phoneNumber) },
        ] },
      },
    },
  };
}

async function row(id: string) {
  const sql = adminSql();
  try {
    const [t] = await sql`select * from app.transactions where id = ${id}`;
    return t;
  } finally {
    await sql.end();
  }
}

/** Waits until the simulator has the push (the transaction has its CheckoutRequestID). */
async function pushed(id: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const t = await row(id);
    if (t.checkout_request_id) return t.checkout_request_id;
    if (t.state !== 'pending' || Date.now() > deadline) throw new Error(`not pushed: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function reconcileNow(): Promise<void> {
  const res = await fetch(`${stack.apiUrl}/functions/v1/mpesa/reconcile`, {
    method: 'POST', headers: { authorization: `Bearer ${stack.serviceRoleKey}` },
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  // Query as soon as a prompt's answer is due: the tests should not wait a minute.
  const sql = adminSql();
  await sql`insert into private.settings (key, value) values ('payments.query_after_seconds', '0')
            on conflict (key) do update set value = excluded.value`;
  await sql.end();
});

describe('paying for a plan', () => {
  it('raises the quota when M-Pesa confirms the payment', async () => {
    const ada = await signup('pay-ada');
    expect(await quota(ada)).toBe(FREE);
    const typed = phone('5678');
    const start = await startPayment(ada, 'plus', `${typed.slice(0, 4)} ${typed.slice(4, 7)} ${typed.slice(7)}`);
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ state: 'pending', message: 'Check your phone and enter your M-Pesa PIN.' });
    const final = await waitFor(ada, start.body.transaction_id);
    expect(final).toMatchObject({ state: 'paid', message: 'Paid. Your new storage is ready.', amount: 250 });
    expect(await quota(ada)).toBe(PLUS);
    const sub = await fetch(`${stack.apiUrl}/rest/v1/my_subscription`, { headers: { apikey: stack.anonKey, authorization: `Bearer ${ada.token}` } });
    expect((await sub.json())[0]).toMatchObject({ plan_code: 'plus', days_left: 30 });
    // The simulator received exactly what Daraja wants.
    const pushes = await (await fetch(`${stack.mpesaSimulatorUrl}/simulator/pushes`)).json();
    const mine = pushes.find((p: any) => p.body.PhoneNumber === msisdn(typed));
    expect(mine.body).toMatchObject({
      BusinessShortCode: 174379, TransactionType: 'CustomerPayBillOnline', Amount: '250', PartyA: msisdn(typed),
      PartyB: '174379', PhoneNumber: msisdn(typed), AccountReference: 'pgdrive plus', TransactionDesc: 'Storage plan',
    });
    expect(mine.body.CallBackURL).toBe(`${stack.apiUrl}/functions/v1/mpesa/callback/${stack.mpesaCallbackSecret}`);
    // The receipt comes with the callback and is listed in the history.
    const t = await waitFor(ada, start.body.transaction_id, (s) => s.receipt !== null);
    expect(t.receipt).toMatch(/^[A-Z0-9]{10}$/);
    const history = await fetch(`${stack.apiUrl}/rest/v1/my_transactions?select=state,receipt,amount`, {
      headers: { apikey: stack.anonKey, authorization: `Bearer ${ada.token}` },
    });
    expect(await history.json()).toEqual([{ state: 'paid', receipt: t.receipt, amount: 250 }]);
  });

  it.each([
    ['1032', 1032, 'You cancelled the payment on your phone.'],
    ['0001', 1, 'Your M-Pesa balance is not enough for this payment.'],
    ['1037', 1037, 'Your phone could not be reached. Check that it is on and has signal, then try again.'],
    ['2001', 2001, 'The M-Pesa PIN was wrong. Try again.'],
    ['1019', 1019, 'The payment request expired before it was answered. Try again.'],
  ])('a phone ending %s leaves the quota as it was, with the reason in plain words', async (suffix, code, message) => {
    const user = await signup('pay-fail');
    const start = await startPayment(user, 'plus', phone(suffix));
    expect(start.status).toBe(200);
    const final = await waitFor(user, start.body.transaction_id);
    expect(final).toMatchObject({ state: code === 1019 ? 'expired' : 'failed', result_code: code, message });
    expect(await quota(user)).toBe(FREE);
  });

  it('refuses a second push while one is pending, for the user and for the phone', async () => {
    const ada = await signup('pay-twice');
    const bob = await signup('pay-twice-bob');
    const typed = phone('9001');
    const first = await startPayment(ada, 'plus', typed);
    expect(first.status).toBe(200);
    const again = await startPayment(ada, 'pro', phone('5678'));
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('A payment is already waiting for your M-Pesa PIN. Finish it on your phone or wait for it to end.');
    const other = await startPayment(bob, 'plus', `+${msisdn(typed)}`);
    expect(other.status).toBe(409);
    expect(other.body.message).toMatch(/already waiting on this phone/);
    expect(other.body).toHaveProperty('code');
  });

  it('answers bad input with a clear 400 and too many pushes with 429 and Retry-After', async () => {
    const user = await signup('pay-limits');
    const bad = await startPayment(user, 'plus', '0812 345 678');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Enter a Safaricom M-Pesa number such as 0712 345 678 or +254 712 345 678.');
    expect((await startPayment(user, 'gold', phone('5678'))).status).toBe(400);
    expect((await rpc('start_payment', { plan: 'plus', phone: phone('5678') })).status).toBe(401);
    const sql = adminSql();
    await sql`insert into app.transactions (user_id, plan_code, amount, phone, state, account_reference, description)
              select ${user.id}, 'plus', 250, ${msisdn(phone('5678'))}, 'failed', 'pgdrive plus', 'Storage plan' from generate_series(1, 5)`;
    await sql.end();
    const limited = await startPayment(user, 'plus', phone('5678'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ code: 'PT429', message: 'Too many payment attempts. Try again later.' });
  });
});

describe('callbacks and reconciliation', () => {
  it('a duplicate callback changes nothing', async () => {
    const user = await signup('pay-dup');
    const start = await startPayment(user, 'plus', phone('9002'));
    const id = start.body.transaction_id;
    const checkout = await pushed(id);
    await waitFor(user, id);
    const sql = adminSql();
    try {
      const deadline = Date.now() + 10_000;
      let outcomes: string[] = [];
      while (outcomes.length < 2 && Date.now() < deadline) {
        outcomes = (await sql`select outcome from app.mpesa_callbacks where checkout_request_id = ${checkout} order by id`).map((r) => r.outcome);
        await new Promise((r) => setTimeout(r, 100));
      }
      // The first callback pays (or, had the query been quicker, brings the receipt); the second is a duplicate.
      expect(outcomes).toHaveLength(2);
      expect(['paid', 'receipt_recorded']).toContain(outcomes[0]);
      expect(outcomes[1]).toBe('duplicate');
      const [{ n }] = await sql`select count(*)::int as n from app.subscriptions where transaction_id = ${id}`;
      expect(n).toBe(1);
    } finally {
      await sql.end();
    }
    expect(await quota(user)).toBe(PLUS);
  });

  it('forged callbacks change nothing: wrong secret, unknown CheckoutRequestID, wrong amount, reused receipt', async () => {
    const payer = await signup('pay-real');
    const paid = await startPayment(payer, 'plus', phone('5678'));
    await waitFor(payer, paid.body.transaction_id, (s) => s.receipt !== null);
    const receipt = (await row(paid.body.transaction_id)).receipt;

    const user = await signup('pay-forged');
    const typed = phone('9001');
    const start = await startPayment(user, 'plus', typed);
    const id = start.body.transaction_id;
    const checkout = await pushed(id);

    const wrongSecret = await callback('x'.repeat(43), success(checkout, 250, 'FORGED0001', msisdn(typed)));
    expect(wrongSecret.status).toBe(404);
    const unknown = await callback(stack.mpesaCallbackSecret, success('ws_CO_unknown', 250, 'FORGED0002', msisdn(typed)));
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    const reused = await callback(stack.mpesaCallbackSecret, success(checkout, 250, receipt, msisdn(typed)));
    expect(reused.status).toBe(200);
    const garbage = await callback(stack.mpesaCallbackSecret, '{"Body": ');
    expect(await garbage.json()).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
    expect((await row(id)).state).toBe('pending');

    const wrongAmount = await callback(stack.mpesaCallbackSecret, success(checkout, 1, 'FORGED0003', msisdn(typed)));
    expect(wrongAmount.status).toBe(200);
    const t = await row(id);
    expect(t.state).toBe('needs_review');
    expect(t.review_reason).toBe(`paid 1 KES from ${msisdn(typed)}; expected 250 KES from ${msisdn(typed)}`);
    expect(await quota(user)).toBe(FREE);

    const sql = adminSql();
    try {
      const rows = await sql`select outcome, reason from app.mpesa_callbacks where raw like ${'%' + checkout + '%'} or raw like '%ws_CO_unknown%' or raw = '{"Body": ' order by id`;
      expect(rows.map((r) => r.outcome)).toEqual(['ignored', 'ignored', 'malformed', 'needs_review']);
      const [{ n }] = await sql`select count(*)::int as n from app.activity_log where action like 'payments.callback_%' and meta ->> 'reason' = 'receipt number already used by another payment'`;
      expect(n).toBeGreaterThan(0);
    } finally {
      await sql.end();
    }
  });

  it('a payment whose callback never comes is settled by the query on the gateway timer', async () => {
    const user = await signup('pay-nocb');
    const start = await startPayment(user, 'plus', phone('9000'));
    const final = await waitFor(user, start.body.transaction_id, (s) => s.final, 30_000);
    expect(final.state).toBe('paid');
    expect(await quota(user)).toBe(PLUS);
  });

  it('a late failure callback after the query settled it does not downgrade', async () => {
    const user = await signup('pay-late');
    const start = await startPayment(user, 'plus', phone('9003'));
    const id = start.body.transaction_id;
    const checkout = await pushed(id);
    await new Promise((r) => setTimeout(r, 400));
    await reconcileNow();
    expect((await status(user, id)).state).toBe('paid');
    const sql = adminSql();
    try {
      const deadline = Date.now() + 10_000;
      let late: any[] = [];
      while (late.length === 0 && Date.now() < deadline) {
        late = await sql`select outcome, reason from app.mpesa_callbacks where checkout_request_id = ${checkout}`;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(late).toEqual([{ outcome: 'ignored', reason: 'late result 1032 for a paid payment' }]);
    } finally {
      await sql.end();
    }
    expect((await status(user, id)).state).toBe('paid');
    expect(await quota(user)).toBe(PLUS);
  });

  it('a callback with a different amount goes to review, not to a credit', async () => {
    const user = await signup('pay-amount');
    const start = await startPayment(user, 'plus', phone('9004'));
    const final = await waitFor(user, start.body.transaction_id);
    expect(final.state).toBe('needs_review');
    expect(await quota(user)).toBe(FREE);
  });

  it('only the service role may run the push and the reconciliation', async () => {
    const user = await signup('pay-role');
    for (const route of ['push', 'reconcile']) {
      const res = await fetch(`${stack.apiUrl}/functions/v1/mpesa/${route}`, {
        method: 'POST', headers: { authorization: `Bearer ${user.token}` },
      });
      expect(res.status).toBe(403);
      const anon = await fetch(`${stack.apiUrl}/functions/v1/mpesa/${route}`, { method: 'POST' });
      expect(anon.status).toBe(401);
    }
  });
});
