import type { FieldProblem } from '@hamkor/domain';
import type { $ZodIssue } from 'zod/v4/core';

/** Zod's own issue codes, for checks that carry no message key of ours. */
const ISSUE_MESSAGE: Record<string, string> = {
  invalid_type: 'required',
  too_big: 'too_long',
  too_small: 'too_short',
};

export function zodIssuesToProblems(issues: readonly $ZodIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const own = issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : undefined;
    if (issue.code === 'unrecognized_keys') return { path: issue.keys.join(','), code: 'invalid' };
    return { path, code: own ?? ISSUE_MESSAGE[issue.code] ?? 'invalid' };
  });
}

/** The same mapping for what Fastify's zod validator reports about a request's body, query or params. */
export function validationToProblems(validation: readonly { keyword: string; instancePath: string; message?: string }[]): FieldProblem[] {
  return validation.map((entry) => {
    const own = entry.message && /^[a-z_]+$/.test(entry.message) ? entry.message : undefined;
    return { path: entry.instancePath.replace(/^\//, '').replaceAll('/', '.'), code: own ?? ISSUE_MESSAGE[entry.keyword] ?? 'invalid' };
  });
}
