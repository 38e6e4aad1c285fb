import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { makeTestCa, selfSignedCertificate } from '../../gateway/test-tls.js';
import { certificateFingerprint, requestRaw, type HttpOutcome } from './http-json.js';

/**
 * The till's one outbound transport against real servers on 127.0.0.1: https with a test CA, a pinned
 * self-signed certificate, every TLS failure as 'unreachable' (nothing was delivered, so no money can have
 * moved), and a reply lost after the request was written as 'lost'.
 */
const servers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Starts `server` on 127.0.0.1; every request's body is counted so a test can tell what arrived. */
async function listen(server: http.Server | https.Server): Promise<URL> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new URL(`${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}/v1/pay`);
}

let arrived = 0;
const answer = (req: http.IncomingMessage, res: http.ServerResponse) => {
  arrived++;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    // the escaped slash must reach a signature check as it was sent, not re-serialised
    res.end(`{"echo":${JSON.stringify(Buffer.concat(chunks).toString('utf8'))},"url":"a\\/b"}`);
  });
};
const post = (url: URL, tls?: Parameters<typeof requestRaw>[5]) =>
  requestRaw('POST', url, '<xml><a>1</a></xml>', {}, 2_000, { contentType: 'text/xml', ...tls });

describe('requestRaw', () => {
  test('https with a test CA: the body as sent, the answer as text, bytes and JSON', async () => {
    const ca = makeTestCa();
    const leaf = ca.issue(['127.0.0.1', 'localhost']);
    const url = await listen(https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, answer));
    const outcome = await post(url, { tls: { ca: ca.caPem } });
    expect(outcome).toMatchObject({
      kind: 'reply',
      status: 200,
      body: { echo: '<xml><a>1</a></xml>', url: 'a/b' },
    });
    const reply = outcome as Extract<HttpOutcome, { kind: 'reply' }>;
    expect(reply.text).toBe('{"echo":"<xml><a>1</a></xml>","url":"a\\/b"}');
    expect(reply.bytes.toString('utf8')).toBe(reply.text);
  });

  test('an untrusted certificate, a wrong pin, a plain server behind https: unreachable, nothing arrived', async () => {
    const ca = makeTestCa();
    const leaf = ca.issue(['127.0.0.1']);
    const url = await listen(https.createServer({ cert: leaf.certPem, key: leaf.keyPem }, answer));
    arrived = 0;
    // the system's CAs do not know the test CA
    const untrusted = await post(url);
    expect(untrusted.kind).toBe('unreachable');
    expect((untrusted as { error: string }).error).toMatch(/^TLS: /);
    // a CA-signed certificate that is not the pinned one is refused even though the CA is trusted
    const other = selfSignedCertificate(['127.0.0.1']);
    const wrongPin = await post(url, { tls: { ca: ca.caPem, pinSha256: other.fingerprint256 } });
    expect(wrongPin.kind).toBe('unreachable');
    // a certificate for another host name
    const elsewhere = ca.issue(['hub.example']);
    const misnamed = await listen(
      https.createServer({ cert: elsewhere.certPem, key: elsewhere.keyPem }, answer),
    );
    expect((await post(misnamed, { tls: { ca: ca.caPem } })).kind).toBe('unreachable');
    // https to a server that speaks plain http
    const plain = await listen(http.createServer(answer));
    expect((await post(new URL(plain.href.replace('http:', 'https:')))).kind).toBe('unreachable');
    expect(arrived).toBe(0);
    // a scheme the till does not speak
    expect((await post(new URL('ftp://127.0.0.1/x'))).kind).toBe('unreachable');
  });

  test('a pinned self-signed certificate is trusted for itself, colons and case ignored', async () => {
    const own = selfSignedCertificate(['127.0.0.1']);
    expect(certificateFingerprint(own.certPem)).toBe(own.fingerprint256);
    const url = await listen(https.createServer({ cert: own.certPem, key: own.keyPem }, answer));
    const pin = own.fingerprint256.toUpperCase().match(/../g)!.join(':');
    expect(await post(url, { tls: { pinSha256: pin } })).toMatchObject({ kind: 'reply', status: 200 });
  });

  test('a reply lost after the request arrived is lost, not unreachable; a refused port is unreachable', async () => {
    const own = selfSignedCertificate(['127.0.0.1']);
    arrived = 0;
    const url = await listen(
      https.createServer({ cert: own.certPem, key: own.keyPem }, (req) => {
        arrived++;
        req.socket.destroy();
      }),
    );
    const lost = await post(url, { tls: { pinSha256: own.fingerprint256 } });
    expect(lost.kind).toBe('lost');
    expect(arrived).toBe(1);
    const closed = await listen(http.createServer(answer));
    await new Promise((r) => servers.pop()!.close(r));
    expect((await post(closed)).kind).toBe('unreachable');
  });
});
