/**
 * Whether a callback's source address is one of Safaricom's. Daraja does
 * not sign callbacks: the secret in the URL is what authenticates them, and
 * the address is a second look the operator chooses how to use (`off`,
 * `log` by default, `strict`), because Safaricom's addresses change.
 */

export interface SourceVerdict {
  /** Null when the list is off. */
  allowed: boolean | null;
  /** True only in strict mode for an address off the list: the callback is stored, not applied. */
  refuse: boolean;
}

/** The verdict for `address` (the client address the gateway or platform reports; null when unknown). */
export function judgeSource(address: string | null, mode: "off" | "log" | "strict", allowed: readonly string[]): SourceVerdict {
  if (mode === "off") return { allowed: null, refuse: false };
  const ok = address !== null && allowed.includes(address.replace(/^::ffff:/, ""));
  return { allowed: ok, refuse: mode === "strict" && !ok };
}
