// Deep imports used by pg-driver.ts when pg's index cannot load (see there).
declare module 'pg/lib/client.js' {
  import type { Client } from 'pg';

  const client: typeof Client;
  export default client;
}

declare module 'pg-pool' {
  import type { Client, Pool, PoolConfig } from 'pg';

  const BasePool: new (config: PoolConfig | undefined, client: typeof Client) => Pool;
  export default BasePool;
}
