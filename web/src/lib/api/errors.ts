// One error type for everything the API answers: PostgREST's
// `{code, message, details, hint}` shape, with the HTTP status when known.

/** An error from the API, carrying the API's own words in `message`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: string | null;
  readonly hint: string | null;

  constructor(status: number, body: { code?: string; message?: string; details?: string | null; hint?: string | null }) {
    super(body.message || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? String(status);
    this.details = body.details ?? null;
    this.hint = body.hint ?? null;
  }
}

/** Reads an error response body (JSON or text) into an ApiError. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') {
      // Some servers (and tus) answer `{error: "..."}` or `{msg: "..."}`.
      return new ApiError(res.status, {
        ...body,
        message: body.message ?? body.error ?? body.msg ?? undefined,
      });
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(res.status, { message: text.trim() || res.statusText || `Request failed (${res.status})` });
}

/** A plain-words message for anything thrown, for showing next to the thing that failed. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') return err.message;
  return String(err);
}

/** Turns a supabase-js `{data, error}` result into data, throwing the error as an ApiError. */
export function unwrap<T>(result: { data: T | null; error: unknown; status?: number }): T {
  if (result.error) {
    const e = result.error as { code?: string; message?: string; details?: string; hint?: string };
    throw new ApiError(result.status ?? 400, e);
  }
  return result.data as T;
}

/** Is this the cancellation of a request (an AbortController fired, e.g. a newer search replaced it)? */
export function isAbort(err: unknown): boolean {
  return (err instanceof DOMException || err instanceof Error) && err.name === 'AbortError';
}
