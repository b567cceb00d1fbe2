// Every response of the web server gets its security headers here; pages
// also get the gateway's origin (read at run time) in their CSP.
import type { Handle, ServerInit } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { supabaseUrl } from '$lib/config';
import { origins, secureResponse } from '$lib/server/security-headers';

let sources: string[] = [];

/** Reads the origins once at start; a bad WEB_CSP_SOURCES stops the server with its name. */
export const init: ServerInit = () => {
  let extra: string[];
  try {
    extra = origins(env.WEB_CSP_SOURCES ?? '');
  } catch (err) {
    throw new Error(`WEB_CSP_SOURCES: ${(err as Error).message}`);
  }
  sources = [...new Set([...origins(supabaseUrl), ...extra])];
};

export const handle: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  return secureResponse(response, { https: event.url.protocol === 'https:', sources });
};
