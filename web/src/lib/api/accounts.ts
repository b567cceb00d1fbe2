// The account of the signed-in person: profile, password, sessions, and the
// signed-out flows (forgot and reset password). Sign-in itself goes through
// the app's /session routes (stores/session.svelte.ts).
import { authHeaders, functionUrl, supabase } from './client';
import { errorFromResponse, unwrap } from './errors';
import type { RpcArgs } from './types';

/**
 * The signed-in person as rpc/me and the session routes answer (a JSON
 * document, so the generated types say only `Json`; these are its fields).
 */
export interface AccountUser {
  id: string;
  email: string;
  name?: string | null;
  bio?: string | null;
  avatar_url?: string | null;
  /** Null until the address is confirmed (then shares by email and invitations wait for it). */
  email_confirmed_at?: string | null;
  [key: string]: unknown;
}

const first = <T>(data: T | T[]): T => (Array.isArray(data) ? (data[0] as T) : data);

export async function me(): Promise<AccountUser | null> {
  return first(unwrap(await supabase.rpc('me')) as unknown as AccountUser | AccountUser[]) ?? null;
}

export async function updateMe(fields: { name?: string; bio?: string | null }): Promise<AccountUser> {
  // A null bio clears it; the generated Args type it as a string.
  return first(unwrap(await supabase.rpc('update_me', fields as RpcArgs<'update_me'>)) as unknown as AccountUser | AccountUser[]);
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  unwrap(await supabase.rpc('change_password', { current_password: currentPassword, new_password: newPassword }));
}

export async function logoutAll(): Promise<void> {
  unwrap(await supabase.rpc('logout_all'));
}

export async function forgotPassword(email: string): Promise<void> {
  unwrap(await supabase.rpc('forgot_password', { email }));
}

export async function resetPassword(token: string, password: string): Promise<void> {
  unwrap(await supabase.rpc('reset_password', { token, password }));
}

/** Uploads an avatar image; returns its URL. */
export async function uploadAvatar(file: File): Promise<string> {
  const res = await fetch(functionUrl('files/avatar'), {
    method: 'POST',
    headers: { ...(await authHeaders()), 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  if (!res.ok) throw await errorFromResponse(res);
  const { avatar_url } = (await res.json()) as { avatar_url: string };
  return avatar_url;
}

/** One sign-in of the account, as the sessions list shows it. */
export interface AccountSession {
  id: string;
  created_at: string;
  refreshed_at: string | null;
  client_ip: string | null;
  device: string | null;
  current: boolean;
}

/** The account's live sessions, newest first (`current`: this browser's). */
export async function listSessions(): Promise<AccountSession[]> {
  const rows = unwrap(
    await supabase.from('my_sessions').select('id, created_at, refreshed_at, client_ip, device, current').is('ended_at', null),
  );
  return (rows ?? []) as unknown as AccountSession[];
}

/** Signs out one session (another device); its tokens stop working at once. */
export async function endSession(id: string): Promise<void> {
  unwrap(await supabase.rpc('end_session', { session_id: id }));
}
