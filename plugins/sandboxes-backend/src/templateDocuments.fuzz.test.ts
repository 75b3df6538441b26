/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "fc.assert"] }] */
/* eslint-disable no-script-url -- the point of the link cases is script URLs */
import {
  formatParameterProblems,
  resolveParameterValues,
  SandboxTemplateSpec,
  splitSecretParameterValues,
  TemplateParameter,
  templateParameterProblems,
} from '@sandboxkit/backstage-plugin-sandboxes-common';
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { SandboxRecord } from './database/types';
import { LinkBuilder } from './services/LinkBuilder';

/*
 * Template documents as their authors may write them, run through the
 * functions the backend (TemplateCatalog, SandboxService, LinkBuilder), the
 * operator, the form and the scaffolder action share. Bounded by a count of
 * runs, never by a timer; the slowest case is printed, not asserted.
 */
const RUNS = Number(process.env.SANDBOXES_FUZZ_RUNS ?? 1000);

/** Pieces of regular expressions, RE2 and not (lookaround, backreferences). */
const patternPieces = fc.constantFrom(
  'a',
  '[a-z]',
  '[^-]',
  '.',
  '*',
  '+',
  '?',
  '(',
  ')',
  '|',
  '^',
  '$',
  '\\d',
  '\\',
  '{1,30}',
  '{2}',
  '(?=a)',
  '(?<n>a)',
  '\\1',
  '[',
  ']',
  '(a+)+',
);
const patterns = fc.oneof(
  fc.array(patternPieces, { maxLength: 40 }).map(p => p.join('')),
  fc.string({ maxLength: 80 }),
  fc.string({ minLength: 480, maxLength: 520 }),
);
const scalars = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 990, maxLength: 1010 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
);

const parameters: fc.Arbitrary<TemplateParameter> = fc.record(
  {
    name: fc.constantFrom('region', 'branch', 'orders', '__proto__'),
    type: fc.constantFrom('string', 'number', 'boolean'),
    required: fc.boolean(),
    pattern: patterns,
    minimum: fc.double(),
    maximum: fc.double(),
    enum: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), {
      maxLength: 5,
    }),
    default: scalars,
    mutable: fc.boolean(),
    secret: fc.boolean(),
  },
  { requiredKeys: ['name', 'type'] },
) as fc.Arbitrary<TemplateParameter>;

/** A property's check: fast-check reports the case that breaks it. */
function must(holds: boolean, what: string): void {
  if (!holds) throw new Error(what);
}

const givenValues = fc.dictionary(
  fc.constantFrom('region', 'branch', 'orders', 'unknown', 'constructor'),
  scalars,
);

describe('template documents: parameter declarations, values and links', () => {
  const slowest = { parameters: 0, links: 0 };
  let cases = { parameters: 0, admitted: 0, links: 0 };

  afterAll(() => {
    process.stdout.write(
      `template documents: ${cases.parameters} parameter declarations (${
        cases.admitted
      } admitted), ${
        cases.links
      } link sets; slowest validation ${slowest.parameters.toFixed(
        2,
      )} ms (declarations + values), ${slowest.links.toFixed(2)} ms (links)\n`,
    );
    cases = { parameters: 0, admitted: 0, links: 0 };
  });

  it('admits or refuses every declaration with messages naming the parameter, and checks any values without throwing', () => {
    fc.assert(
      fc.property(
        fc.array(parameters, { maxLength: 4 }),
        givenValues,
        (declared, given) => {
          cases.parameters += 1;
          const started = performance.now();
          const problems = templateParameterProblems(declared);
          let resolved: ReturnType<typeof resolveParameterValues> | undefined;
          if (problems.length === 0) {
            resolved = resolveParameterValues(declared, given);
          }
          slowest.parameters = Math.max(
            slowest.parameters,
            performance.now() - started,
          );
          const names = new Set(declared.map(p => p.name));
          for (const problem of problems) {
            must(
              names.has(problem.parameter) && problem.message.length > 0,
              `problem ${JSON.stringify(problem)} names no declared parameter`,
            );
          }
          if (!resolved) return;
          cases.admitted += 1;
          for (const problem of resolved.problems) {
            must(
              names.has(problem.parameter) ||
                Object.hasOwn(given, problem.parameter),
              `value problem ${JSON.stringify(problem)} names no parameter`,
            );
          }
          must(
            resolved.problems.length === 0 ||
              formatParameterProblems(resolved.problems).includes(
                `parameters.${resolved.problems[0].parameter}: `,
              ),
            'the API message names the field',
          );
          for (const value of Object.values(resolved.values)) {
            must(
              typeof value !== 'string' || value.length <= 1000,
              'a value over the 1,000-character limit was admitted',
            );
          }
          // Secret values: kept apart from the Sandbox's, never in a message.
          const { plain, secret } = splitSecretParameterValues(
            declared,
            resolved.values,
          );
          for (const parameter of declared.filter(p => p.secret)) {
            must(
              !Object.hasOwn(plain, parameter.name),
              `secret ${parameter.name} stayed among the plain values`,
            );
            must(
              !Object.hasOwn(resolved.values, parameter.name) ||
                typeof secret[parameter.name] === 'string',
              `secret ${parameter.name} is not kept as text`,
            );
            const value = given[parameter.name];
            if (typeof value !== 'string' || value.length < 6) continue;
            if (parameter.pattern?.includes(value)) continue;
            must(
              !formatParameterProblems(resolved.problems).includes(value),
              `a message echoes the value of secret ${parameter.name}`,
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  const record = {
    name: 'demo',
    cluster: 'local',
    namespace: 'sandbox-demo',
    owner: 'user:default/jane',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2026-01-01T02:00:00Z'),
    resource: { status: {} },
  } as unknown as SandboxRecord;

  const urls = fc.oneof(
    fc.webUrl(),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      '\tjavascript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,<script>1</script>',
      'vbscript:x',
      '//evil.example/x',
      '/\\evil.example',
      '/catalog/default/resource/{{sandbox}}',
      'https://logs.example/?q={{namespace}}',
      '{{owner}}',
    ),
  );

  it('lets only http(s) and portal-relative links leave, whatever the template says', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ title: fc.string(), url: urls, type: fc.string() }),
          {
            maxLength: 6,
          },
        ),
        urls,
        (templateLinks, configured) => {
          cases.links += 1;
          const started = performance.now();
          const links = new LinkBuilder({ logs: configured }).links(record, {
            links: templateLinks,
          } as unknown as SandboxTemplateSpec);
          slowest.links = Math.max(slowest.links, performance.now() - started);
          for (const { url } of links) {
            must(
              url.startsWith('/')
                ? url[1] !== '/' && url[1] !== '\\'
                : ['http:', 'https:'].includes(new URL(url).protocol),
              `unsafe link ${url} left`,
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
