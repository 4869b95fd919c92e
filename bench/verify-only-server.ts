// The floor of bench/relay.bench.ts's per-webhook CPU: a do-nothing Node HTTP server that also runs
// the relay's own check of each webhook, the intake's header precheck and the verifier
// relay/src/ed25519.ts loads (libsodium when it loads), and nothing else. Bundled and run like the
// relay (plain node); prints the same "relay listening on <url>" line. 401 when a check fails.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTelnyxPublicKey, precheckTelnyxHeaders, TELNYX_SIGNATURE_HEADER, TELNYX_TIMESTAMP_HEADER } from '@switchboard/telnyx';
import { loadTelnyxVerifier } from '../relay/src/ed25519';
import { header } from '../relay/src/http-answers';

const verifier = await loadTelnyxVerifier([parseTelnyxPublicKey(process.env.TELNYX_PUBLIC_KEY ?? '')]);
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const pre = precheckTelnyxHeaders(header(req, TELNYX_SIGNATURE_HEADER), header(req, TELNYX_TIMESTAMP_HEADER), { nowSecs: Math.floor(Date.now() / 1000), toleranceSecs: 300 });
    const ok = pre.ok && verifier.verify(pre.timestamp, Buffer.concat(chunks), pre.signature);
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', 'content-length': 2 }).end('{}');
  });
});
server.listen(0, '127.0.0.1', () => console.log(`relay listening on http://127.0.0.1:${(server.address() as AddressInfo).port} (${verifier.engine})`));
