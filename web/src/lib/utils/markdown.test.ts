// @vitest-environment happy-dom
// Rendering only: happy-dom does not run DOMPurify faithfully (it reports
// itself supported, then leaves <script> and onclick in place), so what the
// sanitiser removes, and the links other sites' images become, are proven in
// a real browser by the previews story (web/e2e/previews.test.ts).
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders headings, lists, tables and code', () => {
    const html = renderMarkdown('# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<code>code</code>');
  });
});
