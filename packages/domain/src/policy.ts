import type { Validity } from './keys.js';

/** The part of a tenant's configuration that decides a plan. */
export interface PlanPolicy {
  readonly pgp: {
    readonly enabled: boolean;
    readonly defaultKeyLength: number;
    readonly defaultValidity: Validity;
    readonly minimumKeyLength: number;
  };
  readonly smime: {
    readonly enabled: boolean;
    /** `ca`: ordered at the CA; `external`: bought elsewhere and imported, never ordered. */
    readonly source: 'ca' | 'external';
    readonly mode: 'automatic' | 'semi-automatic';
    readonly maxLiveCertificates: number;
    /** A certificate expiring within this many hours of `now` is renewed (the WatchDog buffer). */
    readonly renewalBufferHours: number;
  };
  readonly state: 'single-user' | 'aggregated';
  /** Refuse plans that revoke or delete more than this, counted over a rolling window per tenant. */
  readonly revocationGuard: {
    readonly percent: number;
    readonly minimum: number;
    readonly windowHours: number;
  };
}

/** The revocation guard's rolling window when the configuration names none (hours). */
export const REVOCATION_WINDOW_HOURS = 24;

/** The manual's defaults: 4096 bit / 1 year, 48 h buffer, single-user state, 1000 certificates. */
export const DEFAULT_POLICY: PlanPolicy = {
  pgp: {
    enabled: true,
    defaultKeyLength: 4096,
    defaultValidity: { amount: 1, unit: 'y' },
    minimumKeyLength: 2048,
  },
  smime: {
    enabled: true,
    source: 'ca',
    mode: 'automatic',
    maxLiveCertificates: 1000,
    renewalBufferHours: 48,
  },
  state: 'single-user',
  revocationGuard: { percent: 10, minimum: 25, windowHours: 24 },
};
