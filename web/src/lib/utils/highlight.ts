// Search hits in a name, as runs of plain and highlighted text.

/**
 * Splits a name into plain and highlighted runs for rendering. The API's
 * offsets count characters (code points), not UTF-16 units, so a name with
 * an emoji before the match still highlights the right letters.
 */
export function highlightRuns(name: string, highlight: { start: number; length: number }[] = []): { text: string; hit: boolean }[] {
  const chars = Array.from(name);
  const runs: { text: string; hit: boolean }[] = [];
  const push = (text: string, hit: boolean) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    if (last && last.hit === hit) last.text += text;
    else runs.push({ text, hit });
  };
  let at = 0;
  for (const h of [...highlight].sort((a, b) => a.start - b.start)) {
    const start = Math.max(h.start, at);
    const end = Math.min(h.start + h.length, chars.length);
    if (end <= start) continue;
    push(chars.slice(at, start).join(''), false);
    push(chars.slice(start, end).join(''), true);
    at = end;
  }
  push(chars.slice(at).join(''), false);
  return runs;
}
