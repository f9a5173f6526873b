import type { GroupRecord, SwissSignUserRecord, TenantId } from '@usesync/domain';
import { normalizeAddress } from '@usesync/domain';
import { type Db, upsert } from './pg-db.js';

// ---- Groups ---------------------------------------------------------------------------------

export async function setGroupMembers(
  db: Db,
  tenant: TenantId,
  group: string,
  members: readonly string[],
): Promise<void> {
  const sorted = [...new Set(members)].sort();
  await db.atomic(async () => {
    await db.count('INSERT INTO groups (tenant, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      tenant,
      group,
    ]);
    await db.count('DELETE FROM group_members WHERE tenant = $1 AND group_name = $2', [tenant, group]);
    await db.count(
      'INSERT INTO group_members (tenant, group_name, member) SELECT $1, $2, unnest($3::text[])',
      [tenant, group, sorted],
    );
  });
}

export async function deleteGroup(db: Db, tenant: TenantId, group: string): Promise<boolean> {
  return db.atomic(async () => {
    await db.count('DELETE FROM group_members WHERE tenant = $1 AND group_name = $2', [tenant, group]);
    return (await db.count('DELETE FROM groups WHERE tenant = $1 AND name = $2', [tenant, group])) > 0;
  });
}

export async function listGroups(db: Db, tenant: TenantId): Promise<GroupRecord[]> {
  const groups = new Map<string, string[]>();
  for (const r of await db.rows('SELECT name FROM groups WHERE tenant = $1 ORDER BY name', [tenant])) {
    groups.set(r.name as string, []);
  }
  const rows = await db.rows(
    'SELECT group_name, member FROM group_members WHERE tenant = $1 ORDER BY group_name, member',
    [tenant],
  );
  for (const r of rows) groups.get(r.group_name as string)?.push(r.member as string);
  // Sorted in JS like the SQLite store, so both engines give the same order.
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, members]) => ({ name, members: members.sort() }));
}

// ---- swisssign-users ------------------------------------------------------------------------

export async function putSwissSignUsers(
  db: Db,
  tenant: TenantId,
  users: readonly SwissSignUserRecord[],
): Promise<void> {
  await upsert(
    db,
    'swisssign_users',
    tenant,
    [
      ['address_key', 'text'],
      ['address', 'text'],
      ['name', 'text'],
      ['given_name', 'text'],
      ['surname', 'text'],
      ['team', 'boolean'],
      ['added_at', 'text'],
    ],
    ['address_key'],
    users.map((u) => [
      normalizeAddress(u.address),
      u.address,
      u.name,
      u.givenName ?? null,
      u.surname ?? null,
      u.team,
      u.addedAt,
    ]),
  );
}

export async function removeSwissSignUser(db: Db, tenant: TenantId, address: string): Promise<boolean> {
  const n = await db.count('DELETE FROM swisssign_users WHERE tenant = $1 AND address_key = $2', [
    tenant,
    normalizeAddress(address),
  ]);
  return n > 0;
}

export async function listSwissSignUsers(db: Db, tenant: TenantId): Promise<SwissSignUserRecord[]> {
  const rows = await db.rows(
    'SELECT address, name, given_name, surname, team, added_at FROM swisssign_users WHERE tenant = $1 ORDER BY address_key',
    [tenant],
  );
  return rows.map((r) => {
    const u: { -readonly [K in keyof SwissSignUserRecord]: SwissSignUserRecord[K] } = {
      address: r.address as string,
      name: r.name as string,
      team: r.team === true,
      addedAt: r.added_at as string,
    };
    if (r.given_name !== null) u.givenName = r.given_name as string;
    if (r.surname !== null) u.surname = r.surname as string;
    return u;
  });
}
