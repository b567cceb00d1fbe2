import { describe, expect, it } from 'vitest';
import { origins, secureResponse, withApiSources } from './security-headers';

const kitCsp = "default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; frame-src 'self' blob:; frame-ancestors 'none'";

describe('security headers', () => {
  it("add the API's origin to the directives that load from it, and to no other", () => {
    const csp = withApiSources(kitCsp, ['https://abc.supabase.co']);
    expect(csp).toContain("connect-src 'self' https://abc.supabase.co");
    expect(csp).toContain("img-src 'self' blob: data: https://abc.supabase.co");
    expect(csp).toContain("media-src 'self' blob: https://abc.supabase.co");
    expect(csp).toContain("frame-src 'self' blob: https://abc.supabase.co");
    expect(csp).toContain("script-src 'self' 'nonce-abc';");
    expect(csp).toContain("default-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('take only origins from a list of URLs, and refuse anything that is not an http(s) URL', () => {
    expect(origins('http://127.0.0.1:54321/ https://bucket.s3.amazonaws.com/x,https://abc.supabase.co')).toEqual([
      'http://127.0.0.1:54321',
      'https://bucket.s3.amazonaws.com',
      'https://abc.supabase.co',
    ]);
    expect(origins('')).toEqual([]);
    expect(() => origins("https://a.example; script-src 'unsafe-inline'")).toThrow();
    expect(() => origins("https://a.example;script-src")).toThrow();
    expect(() => origins('javascript:alert(1)')).toThrow(/http/);
  });

  it('set nosniff, the referrer and permissions policies and no framing on every response; HSTS only over https', () => {
    const page = new Response('<!doctype html>', { headers: { 'content-security-policy': kitCsp } });
    const h = secureResponse(page, { https: false, sources: ['http://127.0.0.1:54321'] }).headers;
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(h.get('permissions-policy')).toContain('camera=()');
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('strict-transport-security')).toBeNull();
    expect(h.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:54321");

    const secure = secureResponse(new Response('{}'), { https: true, sources: [] }).headers;
    expect(secure.get('strict-transport-security')).toBe('max-age=31536000');
    expect(secure.get('content-security-policy')).toBeNull();
  });

  it('copy a response whose headers cannot change', async () => {
    const fetched = Response.redirect('http://127.0.0.1/x', 302);
    const res = secureResponse(fetched, { https: false, sources: [] });
    expect(res.status).toBe(302);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
