/**
 * Structured logs: one JSON object per line on stdout (info) or stderr
 * (warnings and errors), with the time, level, the request id when written
 * while serving a request, and the message. `useStructuredConsole()` routes
 * console.log/warn/error through it, so the edge functions served in this
 * process log the same way without knowing it. GATEWAY_LOG_FORMAT=text keeps
 * plain lines (reading logs by eye on `npm start`).
 */
import { format } from "node:util";
import { currentRequestId } from "../supabase/functions/_shared/request-id.ts";

type Level = "info" | "warn" | "error";

const encoder = new TextEncoder();

/** One log line as JSON: `{"time", "level", "request_id"?, "msg", ...fields}`. */
export function logLine(level: Level, msg: string, fields: Record<string, unknown> = {}): string {
  const requestId = currentRequestId();
  return JSON.stringify({ time: new Date().toISOString(), level, ...(requestId ? { request_id: requestId } : {}), msg, ...fields });
}

/** Writes one structured line, whole (a pipe may take it in parts). */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  let line = encoder.encode(logLine(level, msg, fields) + "\n");
  const out = level === "info" ? Deno.stdout : Deno.stderr;
  while (line.byteLength) line = line.subarray(out.writeSync(line));
}

/** Makes console.log/info (info), console.warn (warn) and console.error (error) write structured lines. */
export function useStructuredConsole(): void {
  console.log = console.info = (...args: unknown[]) => log("info", format(...args));
  console.warn = (...args: unknown[]) => log("warn", format(...args));
  console.error = (...args: unknown[]) => log("error", format(...args));
}
