/**
 * The one LISTEN connection of a functions process: every stream subscribes
 * here by user, never with a connection of its own. `NOTIFY notifications`
 * carries ids only ({"u": user, "s": seq} or {"u": user, "ended": session});
 * a subscriber reads the content itself, as its caller.
 */
import { sql } from "../_shared/db.ts";

/** What a subscriber hears: something new for its user (or maybe missed), or a session of its user ended. */
export type Signal = { kind: "changed" } | { kind: "ended"; sessionId: string };
export type Listener = (signal: Signal) => void;

const byUser = new Map<string, Set<Listener>>();
let listening: Promise<unknown> | null = null;
let connects = 0;

function dispatch(payload: string): void {
  let message: { u?: unknown; s?: unknown; ended?: unknown };
  try {
    message = JSON.parse(payload);
  } catch {
    return;
  }
  if (typeof message.u !== "string") return;
  const listeners = byUser.get(message.u);
  if (!listeners) return;
  const signal: Signal = typeof message.ended === "string"
    ? { kind: "ended", sessionId: message.ended }
    : { kind: "changed" };
  for (const listener of listeners) listener(signal);
}

/** After the listening connection came back, anything may have been missed: every subscriber catches up. */
function reconnected(): void {
  if (connects++ === 0) return;
  for (const listeners of byUser.values()) for (const listener of listeners) listener({ kind: "changed" });
}

function ensureListening(): Promise<unknown> {
  listening ??= sql().listen("notifications", dispatch, reconnected).catch((err) => {
    listening = null;
    throw err;
  });
  return listening;
}

/** Subscribes `listener` to `userId`'s signals once the process listens; returns the unsubscribe. */
export async function subscribe(userId: string, listener: Listener): Promise<() => void> {
  let set = byUser.get(userId);
  if (!set) byUser.set(userId, set = new Set());
  set.add(listener);
  const unsubscribe = () => {
    const current = byUser.get(userId);
    current?.delete(listener);
    if (current?.size === 0) byUser.delete(userId);
  };
  try {
    await ensureListening();
  } catch (err) {
    unsubscribe();
    throw err;
  }
  return unsubscribe;
}

/** How many streams listen now (tests, the bench). */
export function subscriberCount(): number {
  let n = 0;
  for (const set of byUser.values()) n += set.size;
  return n;
}
