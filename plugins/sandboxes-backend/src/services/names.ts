import { SANDBOX_NAME_MAX_LENGTH } from '@sandboxkit/backstage-plugin-sandboxes-common';
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `<template>-<6 random>`: the template part is cut and cleaned so the whole
 * stays a valid sandbox name (sandboxNameProblem in sandboxes-common).
 */
export function generateSandboxName(template: string): string {
  const suffix = [...randomBytes(6)]
    .map(b => ALPHABET[b % ALPHABET.length])
    .join('');
  const prefix = template
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, SANDBOX_NAME_MAX_LENGTH - suffix.length - 1)
    .replace(/^-+|-+$/g, '');
  return prefix ? `${prefix}-${suffix}` : `sandbox-${suffix}`;
}
