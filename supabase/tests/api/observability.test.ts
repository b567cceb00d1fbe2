// The running stack as an operator sees it: every answer carries its request
// id, SQL activity can be tied to it, and /metrics (service key only) counts
// requests and reads the database's queues through the gateway's own jobs.
import { describe, expect, it } from 'vitest';
import { adminSql, rest, stack } from './support';

describe('request ids and metrics on the real stack', () => {
  it('answers every request, REST or function, with its x-request-id', async () => {
    const restRes = await rest('/rest/v1/plans');
    expect(restRes.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const fn = await fetch(`${stack.apiUrl}/functions/v1/files/nothing`, { headers: { 'x-request-id': 'trace-0001-abcd' } });
    expect(fn.headers.get('x-request-id')).toBe('trace-0001-abcd');
    await fn.body?.cancel();
  });

  it('serves Prometheus metrics to the service role only, with the database queues', async () => {
    expect((await fetch(`${stack.apiUrl}/metrics`)).status).toBe(401);
    const sql = adminSql();
    try {
      await sql`insert into private.email_outbox (to_address, subject, body_text, status, next_attempt_at)
                values ('metrics@example.com', 'waiting', 'b', 'pending', now() + interval '1 hour')`;
      const res = await fetch(`${stack.apiUrl}/metrics`, { headers: { authorization: `Bearer ${stack.serviceRoleKey}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/^pgdrive_http_requests_total\{route="\/rest\/v1\/plans",status="200"\} \d+$/m);
      const pending = Number(/^pgdrive_queue_depth\{queue="email_pending"\} (\d+)$/m.exec(text)?.[1]);
      expect(pending).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^pgdrive_queue_depth\{queue="payments_needs_review"\} \d+$/m);
    } finally {
      await sql`delete from private.email_outbox where to_address = 'metrics@example.com'`;
      await sql.end();
    }
  });
});
