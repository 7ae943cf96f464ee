import { ROLES, type Role } from '@hamkor/domain';

/**
 * HAMKOR_REQUIRE_TOTP_ROLES: the roles that must sign in with a second factor, comma separated (for example
 * `system_admin,org_admin,supervisor,auditor`). Empty by default, so the demo signs in with a password alone.
 * A name that is not a role stops the server at start (config.ts reads it there).
 */
export function totpRequiredRoles(value: string | undefined = process.env.HAMKOR_REQUIRE_TOTP_ROLES): Role[] {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names)
    if (!(ROLES as readonly string[]).includes(name))
      throw new Error(`HAMKOR_REQUIRE_TOTP_ROLES: "${name}" is not a role (${ROLES.join(', ')})`);
  return names as Role[];
}

export const mustHaveSecondFactor = (roles: readonly string[]) => {
  const required = totpRequiredRoles();
  return roles.some((role) => (required as string[]).includes(role));
};
