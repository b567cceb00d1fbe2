// The app renders in the browser: the access token lives only in memory there,
// so server rendering could not show a signed-in page anyway.
export const ssr = false;
export const prerender = false;
