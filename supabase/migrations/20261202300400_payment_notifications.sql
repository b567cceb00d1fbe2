/*
 * Payments and plans through the notifications (the notifications
 * migration's app.notify): a paid payment, a plan ending within a week and
 * a plan that ended become notifications in the bell, each with its email
 * (on by default, a user may turn it off). The plan reminders emailed
 * through the outbox directly before app.notify existed; they now go
 * through it, and settle_paid tells the user their payment arrived.
 */
insert into app.notification_types (type, category, description, title, title_folded, email_default, email_locked, email_subject, email_body, sort_order) values
  ('payment_paid', 'payments', 'Your M-Pesa payment arrived',
   'Payment received: {{plan}} until {{ends_at}}', null, true, false,
   'Your pgdrive payment was received',
   E'Hello{{name_of_user}},\n\nWe received your M-Pesa payment of KES {{amount}}{{receipt_text}}. Your {{plan}} plan ({{quota_pretty}}) is paid until {{ends_at}}.\n\nYour payments: {{site_url}}/plans\n',
   70),
  ('plan_ending', 'payments', 'Your plan ends within a week',
   'Your {{plan}} plan ends on {{ends_at}}', null, true, false,
   'Your pgdrive {{plan}} plan ends on {{ends_at}}',
   E'Hello{{name_of_user}},\n\nYour {{plan}} storage plan ends on {{ends_at}}. Pay again with M-Pesa before then to keep your space: {{site_url}}/plans\n\nNothing is deleted when it ends, but uploads stop while you are over the free plan''s quota.\n',
   80),
  ('plan_ended', 'payments', 'Your plan ended',
   'Your {{plan}} plan has ended', null, true, false,
   'Your pgdrive {{plan}} plan has ended',
   E'Hello{{name_of_user}},\n\nYour {{plan}} storage plan ended today, and your quota is back to the free plan''s. Your files are all still there; uploads stop while you are over the quota. Pay with M-Pesa to get your space back: {{site_url}}/plans\n',
   90);

/* Nairobi's wall clock for a notification: "2 Jan 2027 14:05". */
create or replace function private.nairobi_time(at timestamptz)
returns text
language sql
stable
set search_path = ''
as $$
  select to_char(at at time zone 'Africa/Nairobi', 'FMDD Mon YYYY HH24:MI')
$$;

/* Marks a pending payment paid, buys its period, logs and notifies: the one way to `paid`. */
create or replace function private.settle_paid(payment app.transactions, receipt text, amount numeric, phone text, paid_at timestamptz)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  period app.subscriptions;
  bought app.plans;
begin
  update app.transactions t
  set state = 'paid', result_code = 0, result_desc = coalesce(t.result_desc, 'The service request is processed successfully.'),
      message = private.mpesa_message(0, null), receipt = settle_paid.receipt,
      paid_amount = settle_paid.amount, paid_phone = settle_paid.phone, paid_at = coalesce(settle_paid.paid_at, now())
  where t.id = payment.id;
  period := private.activate_subscription(payment);
  select * into bought from app.plans p where p.code = payment.plan_code;
  perform app.log_activity('payments.paid', payment.user_id, 'transaction', payment.id::text,
    jsonb_build_object('receipt', receipt, 'amount', payment.amount, 'plan', payment.plan_code,
                       'period_ends_at', period.ends_at, 'credit_seconds', period.credit_seconds));
  perform app.notify(payment.user_id, 'payment_paid', jsonb_build_object(
    'plan', bought.name, 'amount', payment.amount, 'quota_pretty', pg_catalog.pg_size_pretty(bought.quota_bytes),
    'ends_at', private.nairobi_time((select max(s.ends_at) from app.subscriptions s
                                     where s.user_id = payment.user_id and s.replaced_at is null)),
    'receipt_text', coalesce(' (M-Pesa receipt ' || receipt || ')', '')), 'transaction', payment.id);
end
$$;

/*
 * Plan reminders: a week before the paid time ends and on the day, once
 * each per period; only the last period of a chain (an extension already
 * bought ends later). Called by the mpesa function's reconciliation run.
 */
create or replace function private.send_plan_reminders()
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  due record;
  sent integer := 0;
begin
  for due in
    select s.id, s.user_id, s.ends_at, p.name as plan_name,
           case when s.ends_at <= now() then 'ended' else 'ending' end as kind
    from app.subscriptions s
    join app.plans p on p.code = s.plan_code
    where s.replaced_at is null
      and s.ends_at > now() - interval '1 day'
      and ((s.ends_at <= now() and s.reminded_end_at is null)
        or (s.ends_at > now() and s.ends_at <= now() + interval '7 days' and s.reminded_week_at is null))
      and not exists (select from app.subscriptions later
                      where later.user_id = s.user_id and later.replaced_at is null
                        and later.id <> s.id and later.ends_at > s.ends_at and later.starts_at <= s.ends_at)
    for update of s skip locked
  loop
    if due.kind = 'ending' then
      update app.subscriptions set reminded_week_at = now() where id = due.id;
    else
      update app.subscriptions set reminded_end_at = now(), reminded_week_at = coalesce(reminded_week_at, now()) where id = due.id;
    end if;
    perform app.notify(due.user_id, 'plan_' || due.kind,
      jsonb_build_object('plan', due.plan_name, 'ends_at', private.nairobi_time(due.ends_at)), 'subscription', due.id);
    perform app.log_activity('payments.plan_' || due.kind || '_reminder', due.user_id, 'subscription', due.id::text,
      jsonb_build_object('ends_at', due.ends_at));
    sent := sent + 1;
  end loop;
  return sent;
end
$$;
comment on function private.send_plan_reminders() is 'Notifies users whose paid plan ends within a week or ended today; each reminder once per period.';
revoke all on function private.send_plan_reminders(), private.settle_paid(app.transactions, text, numeric, text, timestamptz),
  private.nairobi_time(timestamptz) from public;
grant execute on function private.send_plan_reminders() to service_role;
