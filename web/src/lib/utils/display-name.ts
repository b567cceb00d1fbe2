// File and folder names as a person should read them. A name may hold
// characters that change how the rest of it is drawn (U+202E, right-to-left
// override, makes "x\u202Egpj.html" look like "xlmth.jpg") or that cannot be
// seen at all (zero-width spaces, controls). The web shows each such
// character as its code point, in its own bidi isolate, so the extension on
// screen is the real one.

/** One piece of a name to draw: plain text, or a hidden character shown as its code point. */
export interface NameRun {
  text: string;
  /** The hidden character's code point ("U+202E"); `text` is then that label. */
  hidden?: string;
}

/** Controls, format characters (bidi embeddings, overrides, isolates and marks; zero-width ones) and line/paragraph separators. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const LETTER = /[\p{L}\p{M}]/u;
const ASCII = /[\0-\x7f]/;

/**
 * Is the character at `i` a joiner doing its visible job: a zero-width joiner
 * inside an emoji sequence (👩‍💻), or a (non-)joiner between two letters of a
 * script that needs it (Persian, the Indic scripts)?
 */
function joinerInPlace(chars: string[], i: number): boolean {
  const c = chars[i];
  if (c !== '\u200D' && c !== '\u200C') return false;
  const before = chars[i - 1] ?? '';
  const after = chars[i + 1] ?? '';
  if (c === '\u200D' && PICTOGRAPH.test(before) && PICTOGRAPH.test(after)) return true;
  return LETTER.test(before) && LETTER.test(after) && !ASCII.test(before) && !ASCII.test(after);
}

/** "U+202E" for a character. */
function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Splits a name into plain runs and its hidden characters, each shown as its code point. */
export function nameRuns(name: string): NameRun[] {
  const chars = Array.from(name);
  const runs: NameRun[] = [];
  let plain = '';
  chars.forEach((c, i) => {
    if (!HIDDEN.test(c) || joinerInPlace(chars, i)) {
      plain += c;
      return;
    }
    if (plain) runs.push({ text: plain });
    plain = '';
    const cp = codePoint(c);
    runs.push({ text: cp, hidden: cp });
  });
  if (plain) runs.push({ text: plain });
  return runs;
}

/** Does the name hold a character that `nameRuns` shows as a code point? */
export function hasHiddenCharacters(name: string): boolean {
  return nameRuns(name).some((r) => r.hidden);
}

/**
 * The name as plain text for titles, labels, toasts and dialogs: each hidden
 * character as ⟨U+202E⟩. Names without any come back unchanged.
 */
export function visibleName(name: string): string {
  return nameRuns(name)
    .map((r) => (r.hidden ? `⟨${r.hidden}⟩` : r.text))
    .join('');
}
