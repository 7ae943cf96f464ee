import { schemas, serviceCreate, serviceUpdate } from '@hamkor/domain';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../src/lib/context.ts';
import { findOrganisation } from '../src/modules/organisations/repo.ts';
import * as organisations from '../src/modules/organisations/service.ts';
import * as services from '../src/modules/services/service.ts';
import * as territories from '../src/modules/territories/service.ts';
import { findUserByUsername, toActor } from '../src/modules/users/repo.ts';
import * as users from '../src/modules/users/service.ts';
import { transactionsOnly, useTestServer } from './harness.ts';

describe('writes make their checks inside their transaction', () => {
  const server = useTestServer();

  it('for organisations, services, mahallas and users', async () => {
    const adminRow = await findUserByUsername(server.db, 'admin');
    if (!adminRow) throw new Error('no admin in the demo data');
    const organisation = await findOrganisation(server.db, adminRow.organisation_id);
    const ctx: RequestContext = {
      actor: toActor(adminRow, organisation?.territories ?? []),
      db: transactionsOnly(server.db),
      locale: 'uz-Latn',
      ip: null,
    };

    const mahalla = await territories.createMahalla(
      ctx,
      schemas.mahallaCreate.parse({ code: '1722226-090', districtCode: '1722226', name: { uz_latn: 'Yangi' } }),
    );
    await territories.updateMahalla(ctx, mahalla.id, schemas.mahallaUpdate.parse({ version: 1, name: { uz_latn: 'Yangi-2' } }));
    await territories.importMahallas(ctx, '1722226', 'code,name_uz_latn\n1722226-091,Boshqa\n', false);

    const updated = await organisations.updateOrganisation(
      ctx,
      adminRow.organisation_id,
      schemas.organisationUpdate.parse({ version: organisation?.version, phone: '+998 76 221 30 31' }),
    );
    expect(updated.version).toBe((organisation?.version ?? 0) + 1);

    const service = await services.createService(
      ctx,
      serviceCreate.parse({
        organisationId: adminRow.organisation_id,
        name: 'Maslahat',
        category: 'civil_registry',
        territories: ['1722226'],
      }),
    );
    await services.updateService(ctx, service.id, serviceUpdate.parse({ version: 1, name: 'Maslahat-2' }));

    const user = await users.registerUser(
      ctx,
      schemas.userCreate.parse({
        username: 'inside.tx',
        displayName: 'Inside Tx',
        password: 'a-long-password',
        organisationId: adminRow.organisation_id,
        roles: ['social_worker'],
      }),
    );
    await users.updateUser(ctx, user.id, schemas.userUpdate.parse({ version: 1, displayName: 'Inside Tx 2' }));
  });
});
