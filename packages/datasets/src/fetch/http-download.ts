/**
 * Downloads one URL to a file over HTTP(S) with Node's own `http`/`https`, following redirects,
 * hashing the bytes as they arrive and reporting progress. A response that ends early (connection
 * cut, fewer bytes than `Content-Length`) is an error, never a silently short file.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { IoError, LrlabError } from '@lrlab/core';

/** Called as bytes arrive: bytes so far, and the total when the server announced it. */
export type ProgressCallback = (bytes: number, totalBytes: number | undefined) => void;

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Progress callback, called after every chunk; if it throws, the download is cancelled with that error. */
  readonly onProgress?: ProgressCallback;
  /** Give up when no byte arrives for this long; default 60,000 ms. */
  readonly idleTimeoutMs?: number;
  /** Redirects to follow; default 5. */
  readonly maxRedirects?: number;
}

/** What {@link downloadFile} fetched. */
export interface DownloadResult {
  /** Bytes written. */
  readonly bytes: number;
  /** Hex MD5 of the bytes. */
  readonly md5: string;
  /** The URL finally read, after redirects. */
  readonly url: string;
}

const HINT = 'Check the network connection and the URL, then try again; or download the file by hand.';

/**
 * Downloads `url` into `file` (created or truncated).
 *
 * @param url - an `http:` or `https:` URL
 * @param file - where to write the body
 * @param options - progress callback, idle timeout, redirect limit
 * @returns bytes written, their MD5 and the final URL
 * @throws IoError for a refused or cut connection, a timeout, an HTTP status other than 200, a
 *   body shorter than announced, or a failed write (the partial file is left for the caller to remove)
 */
export async function downloadFile(url: string, file: string, options: DownloadFileOptions = {}): Promise<DownloadResult> {
  const maxRedirects = options.maxRedirects ?? 5;
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await request(current, options.idleTimeoutMs ?? 60_000);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      response.resume();
      if (hop >= maxRedirects) throw new IoError('download', url, `${HINT} (more than ${maxRedirects} redirects)`);
      current = new URL(location, current).toString();
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new IoError('download', current, HINT, { cause: new Error(`HTTP ${status} ${response.statusMessage ?? ''}`.trim()) });
    }
    return receive(response, current, file, options.onProgress);
  }
}

function request(url: string, idleTimeoutMs: number): Promise<http.IncomingMessage> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    return Promise.reject(new IoError('download', url, 'Give an absolute http: or https: URL.', { cause }));
  }
  const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
  if (client === undefined) {
    return Promise.reject(new IoError('download', url, 'Give an http: or https: URL.', { cause: new Error(`unsupported protocol ${parsed.protocol}`) }));
  }
  return new Promise((resolve, reject) => {
    const req = client.get(parsed, (response) => {
      response.setTimeout?.(idleTimeoutMs);
      resolve(response);
    });
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no data for ${idleTimeoutMs} ms`)));
    req.on('error', (cause) => reject(new IoError('download', url, HINT, { cause })));
  });
}

function receive(response: http.IncomingMessage, url: string, file: string, onProgress: ProgressCallback | undefined): Promise<DownloadResult> {
  const announced = response.headers['content-length'];
  const totalBytes = announced === undefined ? undefined : Number(announced);
  const hash = createHash('md5');
  const out = createWriteStream(file);
  let bytes = 0;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (cause: unknown, operation = 'download', path = url): void => {
      if (settled) return;
      settled = true;
      response.destroy();
      out.destroy();
      reject(cause instanceof LrlabError ? cause : new IoError(operation, path, operation === 'download' ? HINT : 'Check free disk space and permissions.', { cause }));
    };
    out.on('error', (cause) => fail(cause, 'write', file));
    response.on('error', (cause) => fail(cause));
    response.on('aborted', () => fail(new Error('the connection was closed before the body was complete')));
    response.on('timeout', () => fail(new Error('the server stopped sending data')));
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
      if (!out.write(chunk)) {
        response.pause();
        out.once('drain', () => response.resume());
      }
      try {
        onProgress?.(bytes, totalBytes);
      } catch (cause) {
        // A throwing callback cancels the download instead of crashing the event loop.
        fail(cause);
      }
    });
    let ended = false;
    response.on('close', () => {
      if (!ended) fail(new Error('the connection was closed before the body was complete'));
    });
    response.on('end', () => {
      ended = true;
      if (settled) return;
      if (!response.complete || (totalBytes !== undefined && bytes !== totalBytes)) {
        fail(new Error(`received ${bytes} of ${totalBytes ?? 'an unknown number of'} bytes`));
        return;
      }
      out.end(() => {
        if (settled) return;
        settled = true;
        resolve({ bytes, md5: hash.digest('hex'), url });
      });
    });
  });
}
