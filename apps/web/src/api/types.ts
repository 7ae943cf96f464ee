import type { LocalisedName, OrganisationKind, Role, ScopeLevel } from '@hamkor/domain';

/** Shapes of the server's replies (apps/server/src/modules/*). */
export type Scope = { level: ScopeLevel; territoryCode: string | null };

export type Organisation = {
  id: string;
  name: string;
  kind: OrganisationKind;
  districtCode: string;
  regionCode: string;
  territories: string[];
  address: string | null;
  phone: string | null;
  approvalGates: boolean;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type User = {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: Role[];
  scope: Scope;
  supervisorId: string | null;
  locale: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type Me = User & { organisation: Organisation | null };

export type Region = { code: string; name: LocalisedName };
export type District = Region & { regionCode: string };

export type Mahalla = {
  id: string;
  code: string;
  districtCode: string;
  regionCode: string;
  name: LocalisedName;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type MahallaImportResult = { dryRun: boolean; created: number; updated: number };
