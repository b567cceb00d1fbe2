// s3rver, the local S3 server of these tests, lacks three multipart calls
// every S3 service has and @tus/s3-store needs: ListParts (resuming asks the
// bucket how far an upload got), AbortMultipartUpload (termination, expiry)
// and ListMultipartUploads (expiry). This loopback front passes every request
// through to s3rver unchanged (same headers, so signatures still verify) and
// answers those three from what it saw pass: the uploads created, the parts
// stored, the uploads completed. It lives in the test process, so it outlives
// the gateway processes a test kills.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Part {
  etag: string;
  size: number;
  at: Date;
}

interface MultipartUpload {
  bucket: string;
  key: string;
  initiated: Date;
  parts: Map<number, Part>;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function xml(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function noSuchUpload(res: http.ServerResponse, uploadId: string) {
  xml(res, 404, `<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message><UploadId>${xmlEscape(uploadId)}</UploadId></Error>`);
}

/** Starts the front on a free loopback port; `target` is s3rver's URL. */
export async function startMultipartShim(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const uploads = new Map<string, MultipartUpload>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://shim');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const q = url.searchParams;
    const uploadId = q.get('uploadId');

    if (req.method === 'GET' && uploadId !== null && key) {
      const upload = uploads.get(uploadId);
      if (!upload) return noSuchUpload(res, uploadId);
      const parts = [...upload.parts.entries()].sort(([a], [b]) => a - b).map(([n, p]) =>
        `<Part><PartNumber>${n}</PartNumber><LastModified>${p.at.toISOString()}</LastModified><ETag>${xmlEscape(p.etag)}</ETag><Size>${p.size}</Size></Part>`
      ).join('');
      return xml(res, 200, `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xmlEscape(bucket)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${xmlEscape(uploadId)}</UploadId><MaxParts>10000</MaxParts><IsTruncated>false</IsTruncated>${parts}</ListPartsResult>`);
    }
    if (req.method === 'DELETE' && uploadId !== null && key) {
      if (!uploads.delete(uploadId)) return noSuchUpload(res, uploadId);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && !key && q.has('uploads')) {
      const open = [...uploads.entries()].filter(([, u]) => u.bucket === bucket).map(([id, u]) =>
        `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${xmlEscape(id)}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`
      ).join('');
      return xml(res, 200, `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xmlEscape(bucket)}</Bucket><IsTruncated>false</IsTruncated>${open}</ListMultipartUploadsResult>`);
    }

    // Everything else goes to s3rver as it came; what it answers about multipart uploads is noted.
    let sent = 0;
    const forward = http.request({
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
    }, (answer) => {
      const creating = req.method === 'POST' && q.has('uploads') && answer.statusCode === 200;
      if (!creating) {
        if (req.method === 'PUT' && uploadId !== null && answer.statusCode === 200) {
          const upload = uploads.get(uploadId);
          const size = Number(req.headers['x-amz-decoded-content-length'] ?? sent);
          upload?.parts.set(Number(q.get('partNumber')), { etag: String(answer.headers.etag), size, at: new Date() });
        }
        if (req.method === 'POST' && uploadId !== null && answer.statusCode === 200) uploads.delete(uploadId);
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const id = /<UploadId>([^<]+)<\/UploadId>/.exec(body.toString())?.[1];
        if (id) uploads.set(id, { bucket, key, initiated: new Date(), parts: new Map() });
        res.writeHead(answer.statusCode!, answer.headers);
        res.end(body);
      });
    });
    forward.on('error', (err) => res.destroy(err));
    req.on('data', (c: Buffer) => (sent += c.byteLength));
    req.pipe(forward);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
