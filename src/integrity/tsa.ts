/**
 * RFC 3161: asking a timestamp authority (时间戳服务) to countersign a seal. The request's message
 * imprint is the seal's own hash (SHA-256 of its canonical text), so the authority's token binds the
 * time to exactly that seal; the answer (a TimeStampResp, DER) is kept as it came, base64, and is
 * checked offline with the authority's certificate:
 *   openssl ts -verify -digest <seal.hash> -in seal.tsr -CAfile tsa-ca.pem
 * The request is a few fixed DER bytes, written here rather than pulling an ASN.1 library in.
 */
import { randomBytes } from 'node:crypto';

const SHA256_ALGORITHM = Buffer.from('300d06096086480165030402010500', 'hex'); // SEQUENCE { OID 2.16.840.1.101.3.4.2.1, NULL }

function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** A DER TimeStampReq (v1) for a SHA-256 digest given in hex, with a nonce, asking for the authority's certificate. */
export function timestampRequest(sha256Hex: string, nonce: Buffer = randomBytes(8)): Buffer {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new Error('a SHA-256 digest in hex is needed');
  const imprint = der(0x30, Buffer.concat([SHA256_ALGORITHM, der(0x04, Buffer.from(sha256Hex, 'hex'))]));
  const positiveNonce = nonce[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), nonce]) : nonce;
  return der(0x30, Buffer.concat([der(0x02, Buffer.from([1])), imprint, der(0x02, positiveNonce), Buffer.from([0x01, 0x01, 0xff])]));
}

/** The PKIStatus of a TimeStampResp (0 granted, 1 granted with modifications, 2+ refused). */
export function responseStatus(resp: Buffer): number {
  // TimeStampResp ::= SEQUENCE { status PKIStatusInfo ::= SEQUENCE { status INTEGER, … }, timeStampToken … }
  let i = 0;
  const header = (): number => {
    const tag = resp[i++];
    if (tag !== 0x30 && tag !== 0x02) throw new Error('not a TimeStampResp');
    let len = resp[i++]!;
    if (len & 0x80) {
      const bytes = len & 0x7f;
      len = 0;
      for (let b = 0; b < bytes; b++) len = (len << 8) | resp[i++]!;
    }
    return tag;
  };
  if (header() !== 0x30 || header() !== 0x30 || header() !== 0x02) throw new Error('not a TimeStampResp');
  return resp[i]!;
}

/** Asks the authority at `url` to countersign a seal hash; returns its TimeStampResp as base64. */
export async function requestTimestamp(url: string, sealHash: string, timeoutMs = 10_000): Promise<string> {
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: timestampRequest(sealHash), signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new Error(`timestamp authority answered ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const status = responseStatus(body);
  if (status > 1) throw new Error(`timestamp authority refused (PKIStatus ${status})`);
  return body.toString('base64');
}
