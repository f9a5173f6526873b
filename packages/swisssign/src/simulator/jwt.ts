import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** Result of checking a bearer token. */
export type TokenCheck = 'valid' | 'expired' | 'invalid';

/** Issues and checks the simulator's HS256 JWTs (SwissSign's are valid 8 h). */
export class JwtIssuer {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  /** A token for `subject` valid from `now` for the configured lifetime. */
  issue(subject: string, now: Date): string {
    const iat = Math.floor(now.getTime() / 1000);
    const header = encode({ alg: 'HS256', typ: 'JWT' });
    const payload = encode({ sub: subject, iat, exp: iat + this.ttlSeconds, jti: randomUUID() });
    return `${header}.${payload}.${this.#sign(`${header}.${payload}`)}`;
  }

  /** Checks signature and expiry of `token` at `now`. */
  check(token: string, now: Date): TokenCheck {
    const [header, payload, signature, extra] = token.split('.');
    if (!header || !payload || !signature || extra !== undefined) return 'invalid';
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    try {
      const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
      if (typeof exp !== 'number') return 'invalid';
      return now.getTime() / 1000 < exp ? 'valid' : 'expired';
    } catch {
      return 'invalid';
    }
  }

  #sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Constant-time comparison of two strings. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
