// Markdown for the preview: marked renders it, DOMPurify keeps only safe
// HTML (no script, no event handlers, no javascript: links, no frames or
// forms), and images from other sites become links that open them in a new
// tab: loading one would tell that site the file was opened (and the page's
// CSP would refuse it anyway), so it takes a click.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** The attribute a held-back image keeps its address in, until it becomes a link. */
const HELD_SRC = 'data-held-src';

/** Is this image address on another site (not inline data or a blob of this page)? */
function isRemote(src: string): boolean {
  return !/^(data:image\/|blob:)/i.test(src.trim());
}

/** Safe HTML for a Markdown text: sanitised, remote images as links, links opening in a new tab without a referrer. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true }) as string;
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (isRemote(src)) {
        node.removeAttribute('src');
        node.removeAttribute('srcset');
        node.setAttribute(HELD_SRC, src);
      }
    }
    if (node.tagName === 'A' && node.getAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  // The leading line break is harmless HTML; without it happy-dom (the unit
  // tests' DOM) loses the first element's tag inside DOMPurify.
  const clean = purify.sanitize(`\n${html}`, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'iframe', 'object', 'embed', 'video', 'audio', 'source'],
    FORBID_ATTR: ['style'],
    ADD_ATTR: ['target'],
  });
  const box = document.createElement('template');
  box.innerHTML = clean;
  for (const img of [...box.content.querySelectorAll(`img[${HELD_SRC}]`)]) {
    const src = img.getAttribute(HELD_SRC)!;
    const link = document.createElement('a');
    let host = src;
    try {
      host = new URL(src).host;
    } catch {
      // a relative address: show it as written
    }
    // Only http(s) addresses become links; anything else is just named.
    if (/^https?:\/\//i.test(src)) {
      link.href = src;
      link.target = '_blank';
      link.rel = 'noopener noreferrer nofollow';
    }
    link.className = 'held-image';
    link.textContent = `Image${img.getAttribute('alt') ? `: ${img.getAttribute('alt')}` : ''} (from ${host}, not loaded)`;
    img.replaceWith(link);
  }
  return box.innerHTML;
}
