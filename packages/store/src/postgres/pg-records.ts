import type { GroupRecord, SwissSignUserRecord, TenantId } from '@usesync/domain';
import { normalizeAddress } from '@usesync/domain';
import {
  assembleGroups,
  groupMembers,
  SWISSSIGN_USER_LIST,
  swissSignUserFromRow,
  swissSignUserValues,
} from '../internal/rows.js';
import { type Db, upsert } from './pg-db.js';

// ---- Groups ---------------------------------------------------------------------------------

export async function setGroupMembers(
  db: Db,
  tenant: TenantId,
  group: string,
  members: readonly string[],
): Promise<void> {
  const sorted = groupMembers(members);
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
  const names = await db.rows('SELECT name FROM groups WHERE tenant = $1 ORDER BY name', [tenant]);
  const members = await db.arrays(
    'SELECT group_name, member FROM group_members WHERE tenant = $1 ORDER BY group_name, member',
    [tenant],
  );
  return assembleGroups(
    names.map((r) => r.name as string),
    members,
  );
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
    users.map((u) => swissSignUserValues(u, (b) => b)),
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
  const rows = await db.arrays(`${SWISSSIGN_USER_LIST} WHERE tenant = $1 ORDER BY address_key`, [tenant]);
  return rows.map(swissSignUserFromRow);
}
