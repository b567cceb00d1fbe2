/** Sends through Brevo's transactional email HTTP API (POST /v3/smtp/email). */
import { type EmailDriver, parseAddress } from "./types.ts";

export interface BrevoOptions {
  apiKey: string;
  apiUrl: string;
}

/** A driver calling Brevo with `fetch`; a non-2xx answer is an error carrying Brevo's message. */
export function brevoDriver(options: BrevoOptions, fetcher: typeof fetch = fetch): EmailDriver {
  return {
    name: "brevo",
    async send(message) {
      const sender = parseAddress(message.from);
      const res = await fetcher(options.apiUrl, {
        method: "POST",
        headers: { "api-key": options.apiKey, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          sender: sender.name ? { name: sender.name, email: sender.email } : { email: sender.email },
          to: [{ email: parseAddress(message.to).email }],
          subject: message.subject,
          textContent: message.text,
          ...(message.html ? { htmlContent: message.html } : {}),
          ...(message.headers ? { headers: message.headers } : {}),
        }),
        signal: AbortSignal.timeout(20_000),
      });
      if (!res.ok) {
        const body = (await res.text()).slice(0, 500);
        throw new Error(`Brevo answered ${res.status}: ${body}`);
      }
      await res.body?.cancel();
    },
  };
}
