/** CSV for the activity log export: RFC 4180 quoting, and no cell a spreadsheet would run as a formula. */

/** The export's columns, in order (the header row). */
export const LOG_COLUMNS = [
  "id", "created_at", "actor_id", "actor_email", "action", "target_type", "target_id", "client_ip", "user_agent", "meta",
] as const;

/**
 * One cell: quoted when it holds a comma, quote, CR or LF; a value starting
 * with = + - @ or a tab gets a leading ' so Excel or Sheets shows it as text
 * instead of evaluating it (log rows carry user-chosen names and agents).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
