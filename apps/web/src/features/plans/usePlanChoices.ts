import { FAMILY_INSTRUMENT_KEY, type InstrumentDefinition, isReadiness, takesCases } from '@hamkor/domain';
import { assessmentsApi } from '../../api/assessments.ts';
import { type CaseDetail, usersApi } from '../../api/cases.ts';
import { type Family, familiesApi } from '../../api/families.ts';
import { type Service, servicesApi } from '../../api/services.ts';
import { useResource } from '../../components/useResource.ts';
import { useMe } from '../auth/session.tsx';

export type Choices = {
  def: InstrumentDefinition | undefined;
  family: Family | undefined;
  services: Service[];
  workers: { id: string; displayName: string }[];
};

async function loadChoices(theCase: CaseDetail, me: { id: string; displayName: string }): Promise<Choices> {
  const family = await familiesApi.get(theCase.familyId);
  const [instruments, services, users] = await Promise.all([
    assessmentsApi.instruments(),
    servicesApi.list({ district: family.districtCode }),
    // Only who may assign the case may list users (a worker is answered 404): others choose among the case's people.
    theCase.actions.includes('assign') ? usersApi.list().catch(() => ({ items: [] })) : Promise.resolve({ items: [] }),
  ]);
  const newest = instruments.items
    .filter((instrument) => instrument.key === FAMILY_INSTRUMENT_KEY)
    .sort((a, b) => b.version - a.version)[0]?.definition;
  const def = newest && !isReadiness(newest) ? newest : undefined;
  const known = [me, theCase.assignee, theCase.supervisor].filter((user): user is { id: string; displayName: string } => !!user);
  const staff = users.items.filter((user) => user.active && takesCases(user));
  const workers = [...known, ...staff].filter((user, index, all) => all.findIndex((other) => other.id === user.id) === index);
  return { def, family, services: services.items, workers };
}

/** What a plan's goals and actions choose from: the instrument's domains, the directory, workers, the family. */
export function usePlanChoices(theCase: CaseDetail | undefined) {
  const me = useMe();
  return useResource(
    () => (theCase ? loadChoices(theCase, me) : Promise.resolve({ def: undefined, family: undefined, services: [], workers: [] })),
    [theCase?.id],
  );
}
