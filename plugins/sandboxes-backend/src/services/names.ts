import { randomBytes } from 'node:crypto';

/** DNS-1123 label, at most 40 characters (the operator derives longer names from it). */
export const SANDBOX_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const SANDBOX_NAME_MAX_LENGTH = 40;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `<template>-<6 random>`: the template part is cut and cleaned so the whole
 * stays a DNS-1123 label of at most 40 characters.
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
