import { describe, expect, it } from 'vitest';
import { dateValue, defaultExpiryDate, expiresAtArg, linkProblems, maxExpiryDate, stateLabel, type LinkPolicy } from './share-policy';

const view: LinkPolicy = { default_expiry_days: 7, max_expiry_days: 30, allow_no_expiry: false, password_required: false, min_password_length: 10 };
const edit: LinkPolicy = { ...view, password_required: true };
const now = new Date(2026, 11, 2, 10, 0, 0);

describe('share link policy in the form', () => {
  it('starts at the default expiry and stops at the maximum', () => {
    expect(defaultExpiryDate(view, now)).toBe('2026-12-09');
    expect(maxExpiryDate(view, now)).toBe('2027-01-01');
    expect(defaultExpiryDate({ ...view, default_expiry_days: 0, allow_no_expiry: true }, now)).toBe('');
    expect(defaultExpiryDate({ ...view, default_expiry_days: 60 }, now)).toBe('2027-01-01');
  });

  it('sends the end of the chosen day, never past the maximum counted from now', () => {
    expect(expiresAtArg('2026-12-09', view, now)).toBe(new Date(2026, 11, 9, 23, 59, 59).toISOString());
    const last = new Date(expiresAtArg('2027-01-01', view, now)).getTime();
    expect(last).toBeLessThanOrEqual(now.getTime() + 30 * 86_400_000);
    expect(last).toBeGreaterThan(now.getTime() + 30 * 86_400_000 - 120_000);
    expect(expiresAtArg('', view, now)).toBe('infinity');
  });

  it('says what the API would refuse', () => {
    expect(linkProblems(view, { expiry: '2026-12-09', password: '' }, now)).toEqual([]);
    expect(linkProblems(view, { expiry: '', password: '' }, now)).toEqual(['This link must expire, at most 30 days from today.']);
    expect(linkProblems({ ...view, allow_no_expiry: true }, { expiry: '', password: '' }, now)).toEqual([]);
    expect(linkProblems(view, { expiry: '2027-01-02', password: '' }, now)).toEqual(['This link can expire at most 30 days from today.']);
    expect(linkProblems(view, { expiry: '2026-12-01', password: '' }, now)).toEqual(['The expiry must be in the future.']);
    expect(linkProblems(view, { expiry: '2026-12-09', password: 'short' }, now)).toEqual(['The password needs at least 10 characters.']);
    expect(linkProblems(edit, { expiry: '2026-12-09', password: '' }, now)).toEqual(['This kind of link needs a password.']);
    expect(linkProblems(edit, { expiry: '2026-12-09', password: '', keepsPassword: true }, now)).toEqual([]);
    expect(linkProblems(edit, { expiry: '2026-12-09', password: 'long enough pw' }, now)).toEqual([]);
  });

  it('reads dates and states plainly', () => {
    expect(dateValue(new Date(2027, 0, 5))).toBe('2027-01-05');
    expect(stateLabel('limit_reached')).toBe('Limit reached');
    expect(stateLabel(null)).toBe('Unknown');
  });
});
