/**
 * Errors to Sentry, only when SENTRY_DSN is set (nothing is loaded or sent
 * otherwise). What is reported is what the logs call an unexpected error:
 * the answers of 500 with "request id …" in their body, from the gateway's
 * REST side and from the functions alike (they share this module when the
 * gateway serves them in-process, and each deployed function has its own).
 *
 * An event carries the error (its type, message and stack), the request id
 * as a tag (to find the request's log lines) and the runtime; never the
 * request: the SDK's request data, breadcrumbs (which would record fetched
 * URLs, signed ones among them, and console lines) and Deno.serve
 * instrumentation are left out, and beforeSend drops whatever else names a
 * request or a user. SENTRY_ENVIRONMENT and SENTRY_RELEASE are passed on.
 */
type SentryModule = typeof import("@sentry/deno");

let active: SentryModule | null = null;

async function start(dsn: string): Promise<SentryModule | null> {
  try {
    const Sentry = await import("@sentry/deno");
    Sentry.init({
      dsn,
      environment: Deno.env.get("SENTRY_ENVIRONMENT") || undefined,
      release: Deno.env.get("SENTRY_RELEASE") || undefined,
      defaultIntegrations: false,
      integrations: [
        Sentry.linkedErrorsIntegration(),
        Sentry.dedupeIntegration(),
        Sentry.functionToStringIntegration(),
      ],
      sendDefaultPii: false,
      skipOpenTelemetrySetup: true,
      beforeSend(event) {
        delete event.request;
        delete event.user;
        delete event.breadcrumbs;
        return event;
      },
    });
    return Sentry;
  } catch (err) {
    // A malformed DSN must not turn every 500 into a crash: say so once and send nothing.
    console.error(`error reports: Sentry is off: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/**
 * Starts error reporting for the current SENTRY_DSN (or stops it when there
 * is none). It runs when this module is first loaded, at start-up: loading
 * the SDK while a request is served would tie the SDK's timers to that
 * request's async context, and later code outside any request would log
 * with its id.
 */
export async function startErrorReports(): Promise<void> {
  if (active) {
    await active.close(2000);
    active = null;
  }
  const dsn = Deno.env.get("SENTRY_DSN");
  if (dsn) active = await start(dsn);
}

if (Deno.env.get("SENTRY_DSN")) await startErrorReports();

/** Reports an unexpected error with its request id; returns at once (the SDK sends in the background). */
export function reportError(err: unknown, requestId: string): void {
  active?.captureException(err, { tags: { request_id: requestId } });
}

/** Waits (at most `ms`) until the reports made so far are sent: before exiting, and in tests. */
export async function flushErrorReports(ms = 2000): Promise<void> {
  await active?.flush(ms);
}
