import { decryptLark, verifyLarkSignature } from '../../bot/lark/crypto';
import { encryptLark, larkRequest, signLark } from '../support/lark-webhook';

describe('Lark webhook crypto', () => {
  it("decrypts Lark's published test vector", () => {
    expect(decryptLark('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toEqual({ ok: true, plaintext: 'hello world' });
  });

  it('round-trips the test helper (random IV) and fails cleanly with the wrong key', () => {
    const enc = encryptLark('{"a":"中文"}', 'k1');
    expect(decryptLark(enc, 'k1')).toEqual({ ok: true, plaintext: '{"a":"中文"}' });
    expect(decryptLark(enc, 'k2').ok).toBe(false);
    expect(decryptLark('not base64!', 'k1')).toEqual({ ok: false, reason: 'bad-base64' });
    expect(decryptLark('AAAA', 'k1')).toEqual({ ok: false, reason: 'too-short' });
  });

  it('accepts exactly the signature over timestamp + nonce + key + raw body', () => {
    const req = larkRequest({ hello: 1 }, { encryptKey: 'kk' });
    const h = { timestamp: req.headers['x-lark-request-timestamp'], nonce: req.headers['x-lark-request-nonce'], signature: req.headers['x-lark-signature'] };
    expect(verifyLarkSignature(h, 'kk', req.body)).toBe(true);
    expect(verifyLarkSignature(h, 'other', req.body)).toBe(false);
    expect(verifyLarkSignature(h, 'kk', `${req.body} `)).toBe(false);
    expect(verifyLarkSignature({ ...h, signature: 'abc' }, 'kk', req.body)).toBe(false);
    expect(verifyLarkSignature({ ...h, signature: undefined }, 'kk', req.body)).toBe(false);
    expect(signLark('1', '2', '3', '4')).toMatch(/^[0-9a-f]{64}$/);
  });
});
