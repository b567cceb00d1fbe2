/** Picks the email driver once from configuration. */
import type { EmailConfig } from "../config.ts";
import { brevoDriver } from "./brevo.ts";
import { fileDriver } from "./file.ts";
import { smtpDriver } from "./smtp.ts";
import type { EmailDriver } from "./types.ts";

export type { EmailDriver, EmailMessage } from "./types.ts";

/** The driver the configuration names. */
export function createEmailDriver(email: EmailConfig): EmailDriver {
  const t = email.transport;
  if (t.driver === "smtp") return smtpDriver(t);
  if (t.driver === "brevo") return brevoDriver(t);
  return fileDriver(t.dir);
}
