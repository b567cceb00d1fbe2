/**
 * Kenyan mobile numbers as people type them, normalised to Daraja's
 * 254XXXXXXXXX: the same rule as private.normalize_phone in SQL (the
 * payments migration), which is the one that decides; this copy lets the
 * function and the simulator check a number before it leaves the machine.
 */

/** 254 + 9 digits (starting 7 or 1) for 07..., 01..., +254..., 254..., 7... with spaces, dashes, dots or brackets; else null. */
export function normalizePhone(raw: string): string | null {
  if (raw.length > 32) return null;
  const cleaned = raw.replace(/[\s().-]/g, "");
  let m = /^\+?254([17]\d{8})$/.exec(cleaned);
  if (m) return `254${m[1]}`;
  m = /^0([17]\d{8})$/.exec(cleaned);
  if (m) return `254${m[1]}`;
  m = /^([17]\d{8})$/.exec(cleaned);
  if (m) return `254${m[1]}`;
  return null;
}

/** True for a number Daraja accepts in PartyA and PhoneNumber. */
export function isMsisdn(value: string): boolean {
  return /^254[17]\d{8}$/.test(value);
}
