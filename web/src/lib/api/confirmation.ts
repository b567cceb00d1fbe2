// Confirmed email addresses: signup that may answer "check your email"
// instead of a session, the link that confirms (and signs in), asking for a
// new link, and changing the address (which the new address confirms).
// Signup and confirmation go through the app's /session routes, which keep
// the refresh token in the HttpOnly cookie; the caller then takes the
// session from that cookie (the session store's refresh), so nothing here
// touches stores.
import type { AccountUser } from './accounts';
import { supabase } from './client';
import { ApiError, unwrap } from './errors';

/** What signing up or opening a link led to: signed in (the cookie is set), or a message to show. */
export interface ConfirmationOutcome {
  signedIn: boolean;
  message: string | null;
  /** The new address, when the link confirmed an email change. */
  email: string | null;
}

async function postSession(path: string, body: unknown): Promise<ConfirmationOutcome> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, answer);
  return {
    signedIn: typeof answer.token === 'string',
    message: typeof answer.message === 'string' ? answer.message : null,
    email: typeof answer.email === 'string' ? answer.email : null,
  };
}

/**
 * Signs up. With email confirmation on the answer is a message ("check your
 * email"), the same whether or not the address has an account; off, the
 * account is signed in at once.
 */
export function signUp(email: string, password: string, name: string): Promise<ConfirmationOutcome> {
  return postSession('/session/signup', { email, password, name });
}

/** Opens a confirmation link's token: a signup's signs in; an email change's answers the new address. */
export function confirmEmail(token: string): Promise<ConfirmationOutcome> {
  return postSession('/session/confirm', { token });
}

/** Asks for a new confirmation link; the answer is the same for every address. */
export async function resendConfirmation(email: string): Promise<string> {
  const answer = unwrap(await supabase.rpc('resend_confirmation', { email })) as { message?: string } | null;
  return answer?.message ?? 'If this address has an account waiting for confirmation, a new link is on its way.';
}

/**
 * Changes the signed-in person's email (the current password is needed).
 * With confirmation on it only mails the new address a link: `pending` is
 * then true and `message` says to check it; off, `user` has the new address.
 */
export async function changeEmail(
  email: string,
  currentPassword: string,
): Promise<{ user: AccountUser; pending: boolean; message: string | null }> {
  const data = unwrap(await supabase.rpc('update_me', { email, current_password: currentPassword })) as unknown;
  const user = (Array.isArray(data) ? data[0] : data) as AccountUser & { message?: string };
  const { message, ...rest } = user;
  return { user: rest as AccountUser, pending: typeof message === 'string', message: message ?? null };
}
