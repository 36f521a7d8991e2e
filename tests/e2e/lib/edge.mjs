// Helpers for the suites of the server's network edge (TLS, IPv6, proxies, uploads): a server
// started on any listening address (the harness's startServer waits for http://127.0.0.1),
// https requests that report the certificate and the socket, raw request heads on a socket,
// and test certificates made with openssl.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

import { BIN, CHILD_ENV, dbUrl, stopping } from './harness.mjs';

const live = new Set();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
});

// Starts `baotu serve --db DB ...args` (args name --listen) and resolves when the log says where
// it listens: {proc, scheme, host (as in a URL: [::1] for IPv6), port, url, stderr, stop(),
// stopClean()}.
export async function serveAt(db, args, { env } = {}) {
  const proc = spawn(BIN, ['serve', '--db', dbUrl(db), ...args], {
    env: { ...CHILD_ENV, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise((res) => proc.on('close', (code, signal) => res({ code, signal })));
  live.add(proc);
  exited.then(() => live.delete(proc));
  const where = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start:\n${stderr}`)), 20000);
    proc.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      const m = /listening on (https?):\/\/(\[[^\]]+\]|[^:/]+):(\d+)\//.exec(stderr);
      if (m) {
        clearTimeout(timer);
        res({ scheme: m[1], host: m[2], port: Number(m[3]) });
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`serve exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
  return {
    proc,
    ...where,
    url: `${where.scheme}://${where.host}:${where.port}`,
    get stderr() {
      return stderr;
    },
    exited,
    ...stopping(proc, exited, () => stderr),
  };
}

// One https request to a serveAt server. Options: body (object: JSON), headers, agent, ca
// (verify against it; otherwise any certificate is taken), and node:tls's minVersion,
// maxVersion and ciphers. Resolves {status, headers, text,
// json, fingerprint (SHA-256 of the server's certificate, as node:crypto writes it), protocol,
// reused (whether a kept-alive socket carried it)}.
export function https(server, method, path, { body, headers = {}, agent, ca, minVersion, maxVersion, ciphers } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    let payload;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      h['Content-Type'] = 'application/json';
      h['Content-Length'] = payload.length;
    }
    const rq = httpsRequest(
      {
        host: server.host.replace(/^\[|\]$/g, ''),
        port: server.port,
        method,
        path,
        headers: h,
        agent: agent ?? false,
        ca,
        rejectUnauthorized: ca !== undefined,
        minVersion,
        maxVersion,
        ciphers,
      },
      (res) => {
        const cert = res.socket.getPeerCertificate();
        const protocol = res.socket.getProtocol();
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => {
          let json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode,
            headers: res.headers,
            text,
            json,
            fingerprint: cert && cert.fingerprint256,
            protocol,
            reused: rq.reusedSocket,
          });
        });
      },
    );
    rq.on('error', reject);
    rq.end(payload);
  });
}

// A self-signed certificate for localhost and 127.0.0.1 (EC P-256 or RSA) in dir, as
// NAME.crt and NAME.key: {cert, key (the paths), pem, fingerprint}.
export function makeCertificate(dir, name, { rsa = false } = {}) {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  const alg = rsa ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  const r = spawnSync(
    'openssl',
    ['req', '-x509', ...alg, '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const pem = readFileSync(cert, 'utf8');
  return { cert, key, pem, fingerprint: new X509Certificate(pem).fingerprint256 };
}

// Sends a request head (and any bytes after it) on a fresh socket to host:port and resolves
// once the answer's head has come: {status, head (text), ms (since the bytes were written),
// sock, closed (a promise of the socket's close), all (a promise of everything the server
// sent, at the close)}. The rest of a declared body is never sent.
export function rawHead({ host = '127.0.0.1', port }, bytes) {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    let text = '';
    let done = false;
    let sentAt = Date.now();
    const closed = new Promise((r) => sock.on('close', r));
    const all = closed.then(() => text);
    sock.setEncoding('latin1');
    sock.on('data', (d) => {
      text += d;
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0 && !done) {
        done = true;
        const status = Number((/^HTTP\/1\.1 (\d{3})/.exec(text) || [])[1]);
        resolve({ status, head: text.slice(0, end), ms: Date.now() - sentAt, sock, closed, all });
      }
    });
    sock.on('error', (e) => {
      if (!done) reject(e);
    });
    sock.on('close', () => {
      if (!done) reject(new Error(`closed without an answer: ${JSON.stringify(text)}`));
    });
    sock.on('connect', () => {
      sentAt = Date.now();
      sock.write(Buffer.from(bytes, 'latin1'));
    });
  });
}

// Whether this machine can listen on ::1 (some containers have no IPv6 at all).
export function hasIpv6Loopback() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(0, '::1', () => srv.close(() => resolve(true)));
  });
}
