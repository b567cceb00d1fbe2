// The published share link policy (rpc/sharing_policy) applied in the form,
// so the dialog says what the API would refuse before it is asked. The API
// still decides; these are the same rules, read from the same numbers.

export type LinkType = 'view' | 'edit' | 'file_drop' | 'preview_only';

/** One link type's policy as rpc/sharing_policy answers it. */
export interface LinkPolicy {
  default_expiry_days: number;
  max_expiry_days: number;
  allow_no_expiry: boolean;
  password_required: boolean;
  min_password_length: number;
}

export type SharingPolicy = Record<LinkType, LinkPolicy>;

const DAY = 86_400_000;

/** A local date as the value of <input type="date">. */
export function dateValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The date a new link of this policy expires on by default ('' for none). */
export function defaultExpiryDate(policy: LinkPolicy, now = new Date()): string {
  if (policy.default_expiry_days <= 0) return policy.allow_no_expiry ? '' : dateValue(new Date(now.getTime() + policy.max_expiry_days * DAY));
  return dateValue(new Date(now.getTime() + Math.min(policy.default_expiry_days, policy.max_expiry_days) * DAY));
}

/** The last date the policy allows (the date input's `max`). */
export function maxExpiryDate(policy: LinkPolicy, now = new Date()): string {
  return dateValue(new Date(now.getTime() + policy.max_expiry_days * DAY));
}

/**
 * The `expires_at` argument for a chosen date: the end of that day, but never
 * past the policy's maximum counted from now (the API counts to the second);
 * '' asks for no expiry ('infinity').
 */
export function expiresAtArg(date: string, policy: LinkPolicy, now = new Date()): string {
  if (date === '') return 'infinity';
  const [y, m, d] = date.split('-').map(Number);
  const endOfDay = new Date(y, m - 1, d, 23, 59, 59);
  const latest = new Date(now.getTime() + policy.max_expiry_days * DAY - 60_000);
  return new Date(Math.min(endOfDay.getTime(), latest.getTime())).toISOString();
}

/**
 * What is wrong with a link's options under `policy`, in words for the form
 * (empty when the API should accept them). `keepsPassword`: an existing link
 * whose password stays as it is.
 */
export function linkProblems(
  policy: LinkPolicy,
  options: { expiry: string; password: string; keepsPassword?: boolean },
  now = new Date(),
): string[] {
  const problems: string[] = [];
  if (options.expiry === '') {
    if (!policy.allow_no_expiry) problems.push(`This link must expire, at most ${policy.max_expiry_days} days from today.`);
  } else if (options.expiry < dateValue(now)) {
    problems.push('The expiry must be in the future.');
  } else if (options.expiry > maxExpiryDate(policy, now)) {
    problems.push(`This link can expire at most ${policy.max_expiry_days} days from today.`);
  }
  if (options.password === '') {
    if (policy.password_required && !options.keepsPassword) problems.push('This kind of link needs a password.');
  } else if ([...options.password].length < policy.min_password_length) {
    problems.push(`The password needs at least ${policy.min_password_length} characters.`);
  }
  return problems;
}

/** What each type lets a visitor do, for the type picker. */
export const LINK_TYPES: { type: LinkType; label: string; folderOnly: boolean; what: string }[] = [
  { type: 'view', label: 'View', folderOnly: false, what: 'Preview and download' },
  { type: 'preview_only', label: 'Preview only', folderOnly: false, what: 'Preview, no download' },
  { type: 'edit', label: 'Edit', folderOnly: true, what: 'View, upload, rename, move and delete inside the folder' },
  { type: 'file_drop', label: 'File drop', folderOnly: true, what: 'Upload only; sees nothing in the folder' },
];

/** How a link's state reads to its owner. */
export function stateLabel(state: string | null): string {
  return { active: 'Active', expired: 'Expired', revoked: 'Revoked', limit_reached: 'Limit reached' }[state ?? ''] ?? (state ?? 'Unknown');
}
