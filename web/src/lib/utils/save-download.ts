// Saving a fetched response (one that needed the bearer token, so a plain
// link cannot fetch it) as a file. Where the browser offers a save dialog
// with a writable file (showSaveFilePicker), the body is piped to disk as it
// arrives and memory stays flat however large the export; elsewhere (Firefox,
// Safari, headless Chromium) the body becomes a Blob and an <a download>,
// which the browser may spill to disk but holds whole until it is saved.

/** The filename a Content-Disposition header gives (`filename*=` first), or null. */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // a broken escape: fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
  const name = plain ? (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1').trim() : '';
  // Only the last path segment: a header cannot pick the folder.
  return name.split(/[\\/]/).pop() || null;
}

interface SavePicker {
  showSaveFilePicker?: (options: { suggestedName: string; types?: { description: string; accept: Record<string, string[]> }[] }) => Promise<{
    createWritable(): Promise<WritableStream<Uint8Array>>;
  }>;
}

/**
 * Asks where to save (when the browser can stream to a file), then fetches
 * and saves. `fetchIt` runs after the dialog, so the dialog still counts as
 * the click's doing. Answers false when the person cancelled the dialog.
 */
export async function saveDownload(fetchIt: () => Promise<Response>, fallbackName: string, mime = 'text/csv'): Promise<boolean> {
  const picker = (globalThis as unknown as SavePicker).showSaveFilePicker;
  if (picker) {
    let handle;
    try {
      handle = await picker({ suggestedName: fallbackName, types: [{ description: 'CSV', accept: { [mime]: ['.csv'] } }] });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return false;
      handle = null; // not allowed here (e.g. no user gesture left): the Blob path below
    }
    if (handle) {
      const res = await fetchIt();
      await res.body!.pipeTo(await handle.createWritable());
      return true;
    }
  }
  const res = await fetchIt();
  const name = filenameFromDisposition(res.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The click has handed the Blob to the download; give it a moment before letting go.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return true;
}
