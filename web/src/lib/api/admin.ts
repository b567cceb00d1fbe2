// The admin console's calls (issue 20): users, roles, the activity log and its
// CSV export, share links, storage, payments and the system page. Every
// permission is checked in SQL (42501 → 403); the console only hides what the
// caller may not use. The RPCs answer JSON documents, so the generated types
// say only `Json`: the interfaces below are the shapes of
// /work/wt/ADMIN-CONTRACT.md.
import { authHeaders, functionUrl, supabase } from './client';
import { errorFromResponse, unwrap } from './errors';
import { toNumber } from './types';

type Args = Record<string, unknown>;

/**
 * Calls an RPC of the admin contract. The names are typed by the generated
 * `Database` only once their migrations are in; the answer is JSON either way.
 */
async function call<T>(fn: string, args: Args = {}): Promise<T> {
  const client = supabase as unknown as { rpc(fn: string, args: Args): PromiseLike<{ data: unknown; error: unknown; status: number }> };
  // Absent arguments are left out, so SQL's defaults apply (an empty filter is no filter).
  const sent = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return unwrap(await client.rpc(fn, sent)) as T;
}

/** A page of a keyset-paged list: pass `next` back as `before` for the following page. */
export interface KeysetPage<T> {
  items: T[];
  next: string | null;
}

/** The permissions the signed-in user holds (api.my_permissions). */
export async function myPermissions(): Promise<string[]> {
  const rows = unwrap(await supabase.from('my_permissions').select('name')) ?? [];
  return rows.map((r) => r.name).filter((n): n is string => !!n);
}

// ---- Users -------------------------------------------------------------

export type UserStatus = 'active' | 'disabled' | 'unconfirmed';

export interface AdminUserRow {
  id: string;
  email: string;
  display_name: string | null;
  roles: string[];
  status: UserStatus;
  plan: string | null;
  used_bytes: number;
  quota_bytes: number;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface UserFilters {
  q?: string;
  role?: string;
  status?: string;
  plan?: string;
}

export async function adminUsers(filters: UserFilters, before?: string | null, limit = 50): Promise<KeysetPage<AdminUserRow>> {
  const page = await call<KeysetPage<AdminUserRow>>('admin_users', { ...filters, before, limit });
  return {
    items: (page.items ?? []).map((u) => ({ ...u, roles: u.roles ?? [], used_bytes: toNumber(u.used_bytes), quota_bytes: toNumber(u.quota_bytes) })),
    next: page.next ?? null,
  };
}

export interface AdminSession {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  client_ip: string | null;
  user_agent: string | null;
}

export interface AdminUserDetail {
  user: {
    id: string;
    email: string;
    display_name: string | null;
    status: UserStatus;
    created_at: string;
    last_sign_in_at: string | null;
    email_confirmed_at: string | null;
  };
  roles: string[];
  sessions: AdminSession[];
  storage: { used_bytes: number; quota_bytes: number; files: number };
  subscription: { plan: string; expires_at: string | null } | null;
  activity: LogRow[];
}

export async function adminUser(userId: string): Promise<AdminUserDetail> {
  const d = await call<AdminUserDetail>('admin_user', { user_id: userId });
  return {
    ...d,
    roles: d.roles ?? [],
    sessions: d.sessions ?? [],
    activity: d.activity ?? [],
    storage: {
      used_bytes: toNumber(d.storage?.used_bytes),
      quota_bytes: toNumber(d.storage?.quota_bytes),
      files: toNumber(d.storage?.files),
    },
  };
}

/** Ends one session of the user, or all of them without `sessionId`; answers how many ended. */
export async function endUserSessions(userId: string, sessionId?: string): Promise<number> {
  const r = await call<{ ended: number }>('admin_end_sessions', { user_id: userId, session_id: sessionId });
  return toNumber(r?.ended);
}

export async function sendPasswordReset(userId: string): Promise<void> {
  await call('admin_send_password_reset', { user_id: userId });
}

export async function disableUser(userId: string): Promise<void> {
  await call('admin_disable_user', { user_id: userId });
}

export async function enableUser(userId: string): Promise<void> {
  await call('admin_enable_user', { user_id: userId });
}

export async function grantRole(userId: string, role: string): Promise<void> {
  await call('admin_grant_role', { user_id: userId, role });
}

export async function revokeRole(userId: string, role: string): Promise<void> {
  await call('admin_revoke_role', { user_id: userId, role });
}

// ---- Roles and permissions ---------------------------------------------

export interface RoleMatrix {
  roles: { name: string; description: string | null; is_system: boolean; users: number }[];
  permissions: { name: string; description: string | null; is_system: boolean }[];
  grants: { role: string; permission: string }[];
}

export async function adminRoles(): Promise<RoleMatrix> {
  const m = await call<RoleMatrix>('admin_roles');
  return { roles: m.roles ?? [], permissions: m.permissions ?? [], grants: m.grants ?? [] };
}

/** Role names for filters and the grant picker (api.roles; any signed-in user may read it). */
export async function roleNames(): Promise<string[]> {
  const rows = unwrap(await supabase.from('roles').select('name').order('name')) ?? [];
  return rows.map((r) => r.name).filter((n): n is string => !!n);
}

/** Plan codes and names for the users filter (api.plans). */
export async function planOptions(): Promise<{ code: string; name: string }[]> {
  const rows = unwrap(await supabase.from('plans').select('code, name')) ?? [];
  return rows.map((r) => ({ code: r.code ?? '', name: r.name ?? r.code ?? '' })).filter((p) => p.code);
}

export async function createRole(name: string, description: string): Promise<void> {
  await call('admin_create_role', { name, description });
}

export async function renameRole(name: string, newName: string): Promise<void> {
  await call('admin_rename_role', { name, new_name: newName });
}

export async function deleteRole(name: string): Promise<void> {
  await call('admin_delete_role', { name });
}

export async function setRolePermission(role: string, permission: string, granted: boolean): Promise<void> {
  await call(granted ? 'admin_grant_permission' : 'admin_revoke_permission', { role, permission });
}

// ---- Activity log --------------------------------------------------------

export interface LogRow {
  id: string | number;
  created_at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  meta: unknown;
  client_ip: string | null;
  user_agent: string | null;
}

/** The filters of rpc/admin_logs (and of the CSV export), by their SQL names. */
export interface LogFilters {
  actor_id?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  since?: string;
  until?: string;
  ip?: string;
  q?: string;
}

export async function adminLogs(filters: LogFilters, before?: string | null, limit = 50): Promise<KeysetPage<LogRow>> {
  const page = await call<KeysetPage<LogRow>>('admin_logs', { ...filters, before, limit });
  return { items: page.items ?? [], next: page.next ?? null };
}

export async function logActions(): Promise<string[]> {
  return (await call<string[]>('admin_log_actions')) ?? [];
}

/**
 * The CSV export of the log with `filters`: the response, whose body is read
 * as it arrives (the export can be far larger than memory should hold).
 */
export async function logsCsv(filters: LogFilters, signal?: AbortSignal): Promise<Response> {
  const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => !!v) as [string, string][]);
  const res = await fetch(`${functionUrl('admin/logs.csv')}?${params}`, { headers: await authHeaders(), signal });
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

// ---- Share links ---------------------------------------------------------

export interface AdminLink {
  id: string;
  owner_id: string;
  owner_email: string;
  owner_name: string | null;
  item_type: 'file' | 'folder';
  item_name: string;
  type: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  downloads: number;
  max_downloads: number | null;
  has_password: boolean;
  state: string;
}

/** An active people share of anyone's, as the admin's overview lists it. */
export interface AdminShare {
  id: string;
  owner_id: string;
  owner_email: string;
  owner_name: string | null;
  recipient_id: string;
  recipient_email: string;
  recipient_name: string | null;
  item_type: 'file' | 'folder';
  item_name: string;
  role: 'viewer' | 'editor';
  created_at: string;
  expires_at: string | null;
  allow_reshare: boolean;
  shared_by_email: string | null;
}

/** One page of the sharing overview: live links and active people shares, each paged the same way. */
export async function adminLinks(
  page: number,
  perPage = 50,
): Promise<{ links: AdminLink[]; total: number; shares: AdminShare[]; sharesTotal: number }> {
  const r = await call<{ links: AdminLink[]; total: number; shares?: AdminShare[]; shares_total?: number }>('admin_share_links', { page, per_page: perPage });
  return { links: r.links ?? [], total: toNumber(r.total), shares: r.shares ?? [], sharesTotal: toNumber(r.shares_total ?? 0) };
}

export async function revokeLink(linkId: string): Promise<void> {
  await call('revoke_share_link', { link_id: linkId });
}

// ---- Storage -------------------------------------------------------------

export interface StorageReport {
  total_bytes: number;
  files: number;
  users: number;
  per_user: { user_id: string; email: string; used_bytes: number; quota_bytes: number; files: number }[];
  largest: { id: string; owner_id: string; owner_email: string; name: string; size: number; mime_type: string | null; updated_at: string }[];
  uploads_per_day: { day: string; files: number; bytes: number }[];
  /** The latest files housekeeping run (null before the first) and the last 30 days together. */
  orphans: {
    last_run_at: string;
    found: number;
    collected: number;
    collection_paused: boolean;
    found_30_days: number;
    collected_30_days: number;
  } | null;
}

export async function adminStorage(): Promise<StorageReport> {
  const r = await call<StorageReport>('admin_storage');
  return {
    total_bytes: toNumber(r.total_bytes),
    files: toNumber(r.files),
    users: toNumber(r.users),
    per_user: (r.per_user ?? []).map((u) => ({ ...u, used_bytes: toNumber(u.used_bytes), quota_bytes: toNumber(u.quota_bytes), files: toNumber(u.files) })),
    largest: (r.largest ?? []).map((f) => ({ ...f, size: toNumber(f.size) })),
    // The day may come as a midnight timestamp: keep the date.
    uploads_per_day: (r.uploads_per_day ?? []).map((d) => ({ day: String(d.day).slice(0, 10), files: toNumber(d.files), bytes: toNumber(d.bytes) })),
    orphans: r.orphans
      ? {
        ...r.orphans,
        found: toNumber(r.orphans.found),
        collected: toNumber(r.orphans.collected),
        found_30_days: toNumber(r.orphans.found_30_days),
        collected_30_days: toNumber(r.orphans.collected_30_days),
      }
      : null,
  };
}

// ---- Payments ------------------------------------------------------------

export type TransactionRow = Record<string, unknown> & {
  id: string;
  user_id: string;
  plan_code: string;
  amount: number;
  phone: string;
  state: string;
  message: string | null;
  receipt: string | null;
  review_reason: string | null;
  created_at: string;
};

export interface TransactionFilters {
  state?: string;
  plan?: string;
  since?: string;
  until?: string;
}

/** Transactions matching `filters`, newest first; `needs_review` ones are fetched on their own so they come first. */
export async function adminTransactions(filters: TransactionFilters, limit = 100): Promise<TransactionRow[]> {
  let query = supabase.from('admin_transactions').select('*');
  if (filters.state) query = query.eq('state', filters.state);
  if (filters.plan) query = query.eq('plan_code', filters.plan);
  if (filters.since) query = query.gte('created_at', filters.since);
  if (filters.until) query = query.lt('created_at', filters.until);
  const rows = unwrap(await query.order('created_at', { ascending: false }).limit(limit)) ?? [];
  return rows as unknown as TransactionRow[];
}

export async function paymentTotalsByDay(since?: string, until?: string): Promise<{ day: string; state: string; payments: number; amount_kes: number }[]> {
  let query = supabase.from('admin_payment_totals').select('*');
  if (since) query = query.gte('day', since);
  if (until) query = query.lt('day', until);
  const rows = unwrap(await query.order('day', { ascending: false }).limit(400)) ?? [];
  return rows.map((r) => ({ day: r.day ?? '', state: r.state ?? '', payments: toNumber(r.payments), amount_kes: toNumber(r.amount_kes) }));
}

export async function paymentTotalsByPlan(since?: string, until?: string): Promise<{ plan_code: string; state: string; payments: number; amount_kes: number }[]> {
  const rows = (await call<{ plan_code: string; state: string; payments: number; amount_kes: number }[]>('admin_payment_totals_by_plan', { since, until })) ?? [];
  return rows.map((r) => ({ ...r, payments: toNumber(r.payments), amount_kes: toNumber(r.amount_kes) }));
}

export async function settleTransaction(transactionId: string, outcome: 'paid' | 'failed', reason: string): Promise<TransactionRow> {
  return await call<TransactionRow>('admin_settle_transaction', { transaction_id: transactionId, outcome, reason });
}

// ---- System --------------------------------------------------------------

export interface SystemReport {
  version?: string;
  postgres_version: string;
  migrations: { version: string; name: string }[];
  drivers?: { storage?: string; email?: string; mpesa?: string };
  queues: Record<string, number>;
  job_failures: { job: string; failed_at: string; message: string }[];
  settings: { key: string; value: string; secret: boolean }[];
}

export async function systemReport(): Promise<SystemReport> {
  const res = await fetch(functionUrl('admin/system'), { headers: await authHeaders() });
  if (!res.ok) throw await errorFromResponse(res);
  const r = (await res.json()) as SystemReport;
  return { ...r, migrations: r.migrations ?? [], queues: r.queues ?? {}, job_failures: r.job_failures ?? [], settings: r.settings ?? [] };
}
