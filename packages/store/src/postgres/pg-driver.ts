import type { Client as PgClient, Pool as PgPool, PoolConfig } from 'pg';

/** The driver's constructors. */
export interface PgDriver {
  readonly Pool: new (config?: PoolConfig) => PgPool;
  readonly Client: typeof PgClient;
}

let driver: Promise<PgDriver> | undefined;

/**
 * Loads `pg` on first use (a SQLite-only process never loads it). Under `--conditions import`
 * (the test runner passes its resolve conditions to Node) pg's CommonJS index receives pg-pool's
 * ESM namespace instead of the class and fails while loading; the pool is then bound to the
 * client by hand, exactly as pg's index does it.
 */
export function loadPg(): Promise<PgDriver> {
  driver ??= (async (): Promise<PgDriver> => {
    try {
      const pg = (await import('pg')).default;
      return { Pool: pg.Pool, Client: pg.Client };
    } catch {
      const [{ default: Client }, { default: BasePool }] = await Promise.all([
        import('pg/lib/client.js'),
        import('pg-pool'),
      ]);
      class BoundPool extends BasePool {
        constructor(config?: PoolConfig) {
          super(config, Client);
        }
      }
      return { Pool: BoundPool as unknown as PgDriver['Pool'], Client };
    }
  })();
  return driver;
}
