import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExport, type SealExport } from '../../src/integrity/model.js';
import { responseStatus, timestampRequest } from '../../src/integrity/tsa.js';
import { createTestContext, tempDir, type TestContext } from '../helpers/stores.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

/** A real timestamp authority on this machine: OpenSSL's `ts -reply` behind a small HTTP server (no outside network). */
describe.skipIf(!hasOpenssl)(`${hasOpenssl ? '' : '(openssl not found: skipped) '}seals countersigned by an RFC 3161 timestamp authority, and written to the seal directory`, () => {
  const dir = tempDir('cityloop-tsa-');
  let server: http.Server;
  let tc: TestContext;
  beforeAll(async () => {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    fs.writeFileSync(path.join(dir, 'ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.crt', '-days', '2', '-subj', '/CN=CityLoop test TSA', '-addext', 'extendedKeyUsage=critical,timeStamping', '-addext', 'keyUsage=critical,digitalSignature');
    fs.writeFileSync(path.join(dir, 'serial'), '01\n');
    fs.writeFileSync(path.join(dir, 'tsa.cnf'), [
      '[ tsa ]', 'default_tsa = t', '[ t ]', `serial = ${dir}/serial`, `signer_cert = ${dir}/tsa.crt`, `signer_key = ${dir}/tsa.key`,
      'signer_digest = sha256', 'default_policy = 1.2.3.4.1', 'digests = sha256', 'accuracy = secs:1', 'ess_cert_id_alg = sha256', 'ess_cert_id_chain = no', '',
    ].join('\n'));
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const q = path.join(dir, `q-${Date.now()}.tsq`);
        fs.writeFileSync(q, Buffer.concat(chunks));
        const out = `${q}.tsr`;
        run('ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-queryfile', q, '-out', out);
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(fs.readFileSync(out));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    tc = await createTestContext('sqlite', { config: { tsaUrl: `http://127.0.0.1:${port}/tsr`, sealDir: path.join(dir, 'seals') } });
  });
  afterAll(async () => {
    await tc?.close();
    await new Promise((r) => server?.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds a request OpenSSL reads as a SHA-256 imprint of the seal hash', () => {
    const hash = 'ab'.repeat(32);
    fs.writeFileSync(path.join(dir, 'req.tsq'), timestampRequest(hash));
    const text = execFileSync('openssl', ['ts', '-query', '-in', path.join(dir, 'req.tsq'), '-text'], { encoding: 'utf8', stdio: 'pipe' });
    expect(text).toContain('sha256');
    expect(text.replace(/[\s:-]/g, '').toLowerCase()).toContain(hash.slice(0, 32));
    expect(text).toContain('Certificate required: yes');
  });

  it('keeps the authority’s token with the seal, and the token verifies against the seal hash with the authority’s certificate', async () => {
    const r = await tc.ctx.integrity.seal();
    const x = (await tc.ctx.integrity.exportSeal()) as SealExport;
    expect(checkExport(x)).toEqual([]);
    expect(x.timestampToken).toBeTruthy();
    const tsr = Buffer.from(x.timestampToken!, 'base64');
    expect(responseStatus(tsr)).toBe(0);
    fs.writeFileSync(path.join(dir, 'seal.tsr'), tsr);
    const verified = execFileSync('openssl', ['ts', '-verify', '-digest', r.seal.hash, '-in', path.join(dir, 'seal.tsr'), '-CAfile', path.join(dir, 'tsa.crt')], { encoding: 'utf8', stdio: 'pipe' });
    expect(verified).toContain('Verification: OK');
    // Another hash does not verify against the token.
    expect(() => execFileSync('openssl', ['ts', '-verify', '-digest', 'cd'.repeat(32), '-in', path.join(dir, 'seal.tsr'), '-CAfile', path.join(dir, 'tsa.crt')], { stdio: 'pipe' })).toThrow();
    expect((await tc.ctx.integrity.seals(1))[0]!.timestampToken).toBe(x.timestampToken);
    // The seal directory got the same file.
    const file = path.join(dir, 'seals', `seal-${String(r.seal.seq).padStart(8, '0')}.json`);
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as SealExport;
    expect(onDisk.seal.hash).toBe(r.seal.hash);
    expect(checkExport(onDisk)).toEqual([]);
  });
});
