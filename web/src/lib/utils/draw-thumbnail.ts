// Draws the picture a PDF's or a video's thumbnail is made of, in the browser
// that uploads it: the first page through PDF.js (unpdf's build, loaded only
// when a PDF is uploaded), a frame a third of the way into the first seconds
// through <video> and a canvas. The edge carries neither a PDF renderer nor a
// video decoder; it checks what is sent and re-encodes it (files function).

/** The longest side drawn: twice the edge's 320 px box, so it scales down, never up. */
const SIDE = 640;
/** How long a video may take to give a frame before the thumbnail is given up. */
const VIDEO_TIMEOUT_MS = 15_000;
/** The largest PDF read to draw its first page (it is parsed in memory). */
const PDF_MAX_BYTES = 64 * 1024 * 1024;

/** A canvas of the size `width`×`height` takes fitted into SIDE×SIDE. */
function canvasFor(width: number, height: number): HTMLCanvasElement {
  const scale = Math.min(1, SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  return canvas;
}

/** The canvas as a JPEG (small, and one of the two types the edge takes). */
function jpeg(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The picture could not be encoded.'))), 'image/jpeg', 0.85),
  );
}

/** The first page of a PDF, drawn on white. */
async function pdfPage(source: Blob): Promise<Blob> {
  if (source.size > PDF_MAX_BYTES) throw new Error('This PDF is too large to draw here.');
  const { getDocumentProxy } = await import('unpdf');
  // unpdf's PDF.js build carries no eval, so the page's CSP needs no exception for it.
  const pdf = await getDocumentProxy(new Uint8Array(await source.arrayBuffer()));
  try {
    const page = await pdf.getPage(1);
    const natural = page.getViewport({ scale: 1 });
    const canvas = canvasFor(natural.width, natural.height);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport: page.getViewport({ scale: canvas.width / natural.width }) })
      .promise;
    return await jpeg(canvas);
  } finally {
    // Destroying the loading task frees the document and its worker.
    await pdf.loadingTask.destroy();
  }
}

/** Resolves on `ok`, rejects on `error` or after the timeout. */
function once(target: HTMLVideoElement, ok: string, timeout: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('The video gave no frame in time.')), timeout);
    const onOk = () => done();
    const onError = () => done(new Error('The video could not be read.'));
    function done(err?: Error) {
      clearTimeout(timer);
      target.removeEventListener(ok, onOk);
      target.removeEventListener('error', onError);
      if (err) reject(err);
      else resolve();
    }
    target.addEventListener(ok, onOk);
    target.addEventListener('error', onError);
  });
}

/** A frame of a video: a third of the way in, at most one second (past a black first frame). */
async function videoFrame(source: Blob): Promise<Blob> {
  const url = URL.createObjectURL(source);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  try {
    const loaded = once(video, 'loadeddata', VIDEO_TIMEOUT_MS);
    video.src = url;
    await loaded;
    // A recorded WebM may not say its duration (Infinity) until read to the end.
    const at = Number.isFinite(video.duration) ? Math.min(1, video.duration / 3) : 0.5;
    const seeked = once(video, 'seeked', VIDEO_TIMEOUT_MS);
    video.currentTime = at;
    await seeked;
    if (!video.videoWidth || !video.videoHeight) throw new Error('The video has no picture.');
    const canvas = canvasFor(video.videoWidth, video.videoHeight);
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    return await jpeg(canvas);
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/** The picture a file's thumbnail is made of: a PDF's first page or a video's frame, as a JPEG. */
export async function drawThumbnail(mime: string, source: Blob): Promise<Blob> {
  return mime.split(';')[0].trim().toLowerCase() === 'application/pdf' ? await pdfPage(source) : await videoFrame(source);
}
