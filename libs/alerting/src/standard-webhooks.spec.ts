import { signingKeyFromSecret, signWebhook } from './standard-webhooks';

describe(signWebhook.name, () => {
  // The Standard Webhooks reference test vector (libraries/javascript/src/webhook.test.ts, "sign function works").
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };

  it('should reproduce the reference test vector', () => {
    const sut = signWebhook(signingKeyFromSecret(vector.secret), vector.id, vector.timestamp, vector.body);
    expect(sut).toBe(vector.signature);
  });

  it('should accept the secret without its whsec_ prefix, as the reference libraries do', () => {
    const sut = signWebhook(signingKeyFromSecret(vector.secret.slice('whsec_'.length)), vector.id, vector.timestamp, vector.body);
    expect(sut).toBe(vector.signature);
  });

  it('should change with any byte of the body', () => {
    const key = signingKeyFromSecret(vector.secret);
    expect(signWebhook(key, vector.id, vector.timestamp, vector.body + ' ')).not.toBe(vector.signature);
  });
});

describe(signingKeyFromSecret.name, () => {
  it.each([
    ['not base64', 'whsec_not base64!', 'must be whsec_ followed by base64'],
    ['too short', `whsec_${Buffer.alloc(8).toString('base64')}`, 'must decode to 24-64 bytes, got 8'],
    ['too long', `whsec_${Buffer.alloc(65).toString('base64')}`, 'must decode to 24-64 bytes, got 65'],
  ])('should refuse a secret that is %s', (_why, secret, message) => {
    expect(() => signingKeyFromSecret(secret)).toThrow(message);
  });
});
