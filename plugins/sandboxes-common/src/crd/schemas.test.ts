import fs from 'fs';
import path from 'path';
import {
  JSONSchemaProps,
  sandboxSchema,
  sandboxTemplateSchema,
} from './schemas';
import { SANDBOX_PHASES } from './types';

/**
 * A deliberately small reader of types.ts: it collects each interface's
 * properties (name, optional, type text, and the properties of inline object
 * types) so the test can hold them against the schemas. It understands the
 * style types.ts is written in; a new construct it cannot read fails loudly.
 */
interface TsProp {
  optional: boolean;
  typeText: string;
  children?: Map<string, TsProp>;
}

function parseMembers(body: string): Map<string, TsProp> {
  const props = new Map<string, TsProp>();
  const withoutComments = body
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  let i = 0;
  while (i < withoutComments.length) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)(\??):\s*/.exec(
      withoutComments.slice(i),
    );
    if (!match) {
      if (withoutComments.slice(i).trim() === '') break;
      throw new Error(
        `cannot read member at: ${withoutComments.slice(i, i + 60)}`,
      );
    }
    i += match[0].length;
    let depth = 0;
    let end = i;
    for (; end < withoutComments.length; end++) {
      const c = withoutComments[end];
      if (c === '{' || c === '<' || c === '(' || c === '[') depth++;
      if (c === '}' || c === '>' || c === ')' || c === ']') depth--;
      if (c === ';' && depth === 0) break;
    }
    const typeText = withoutComments.slice(i, end).trim();
    const prop: TsProp = { optional: match[2] === '?', typeText };
    const inline = /^(?:Array<)?\{([\s\S]*)\}>?(?:\[\])?$/.exec(typeText);
    if (inline) prop.children = parseMembers(inline[1].replace(/,\s*$/, ';'));
    props.set(match[1], prop);
    i = end + 1;
  }
  return props;
}

const typesSource = fs.readFileSync(path.join(__dirname, 'types.ts'), 'utf8');

function tsInterface(name: string): Map<string, TsProp> {
  const start = typesSource.indexOf(`export interface ${name} {`);
  if (start < 0) throw new Error(`interface ${name} not found`);
  let depth = 0;
  const open = typesSource.indexOf('{', start);
  for (let i = open; i < typesSource.length; i++) {
    if (typesSource[i] === '{') depth++;
    if (typesSource[i] === '}') depth--;
    if (depth === 0) return parseMembers(typesSource.slice(open + 1, i));
  }
  throw new Error(`interface ${name} not closed`);
}

function objectNode(node: JSONSchemaProps): JSONSchemaProps {
  if (node.type === 'array' && node.items) return node.items;
  return node;
}

function compare(
  where: string,
  ts: Map<string, TsProp>,
  schema: JSONSchemaProps,
  checkRequired = true,
): string[] {
  const problems: string[] = [];
  const node = objectNode(schema);
  const schemaProps = node.properties ?? {};
  const required = new Set(node.required ?? []);
  for (const [name, prop] of ts) {
    const child = schemaProps[name];
    if (!child) {
      problems.push(`${where}.${name} is in types.ts but not in the schema`);
      continue;
    }
    if (checkRequired && prop.optional === required.has(name)) {
      problems.push(
        `${where}.${name} is ${
          prop.optional ? 'optional' : 'required'
        } in types.ts but not in the schema`,
      );
    }
    if (prop.children) {
      problems.push(...compare(`${where}.${name}`, prop.children, child));
    }
  }
  for (const name of Object.keys(schemaProps)) {
    if (!ts.has(name)) {
      problems.push(`${where}.${name} is in the schema but not in types.ts`);
    }
  }
  return problems;
}

const templateSpec = sandboxTemplateSchema.properties!.spec;
const templateSpecProps = templateSpec.properties!;
const sandboxSpec = sandboxSchema.properties!.spec;
const sandboxStatus = sandboxSchema.properties!.status;
const templateStatus = sandboxTemplateSchema.properties!.status;

describe('CRD schemas and types.ts', () => {
  it.each([
    ['SandboxTemplateSpec', templateSpec],
    ['TemplateParameter', templateSpecProps.parameters],
    ['TemplateSize', templateSpecProps.sizes],
    [
      'ComponentSize',
      templateSpecProps.sizes.items!.properties!.components
        .additionalProperties!,
    ],
    ['TemplateEndpoint', templateSpecProps.endpoints],
    ['TemplateResource', templateSpecProps.resources],
    ['SandboxSpec', sandboxSpec],
    ['FollowedBranch', sandboxSpec.properties!.follow],
    ['ComponentBuild', sandboxSpec.properties!.builds.additionalProperties!],
    ['SandboxStatus', sandboxStatus],
    ['Condition', sandboxStatus.properties!.conditions],
    ['SandboxComponentStatus', sandboxStatus.properties!.components],
    ['SandboxTemplateStatus', templateStatus],
  ])('%s has the same fields and required-ness in both', (name, node) => {
    expect(compare(name, tsInterface(name), node)).toEqual([]);
  });

  it('has the same top-level fields on both resources', () => {
    expect(
      compare(
        'SandboxResource',
        tsInterface('SandboxResource'),
        sandboxSchema,
        false,
      ),
    ).toEqual([]);
    expect(
      compare(
        'SandboxTemplateResource',
        tsInterface('SandboxTemplateResource'),
        sandboxTemplateSchema,
        false,
      ),
    ).toEqual([]);
  });

  it('uses the same enumerations as the TypeScript unions', () => {
    const literals = (text: string) =>
      [...text.matchAll(/'([^']*)'/g)].map(m => m[1]).sort();
    const modeAlias = /export type NetworkPolicyMode = ([^;]*);/.exec(
      typesSource,
    )![1];
    expect(
      [...(templateSpecProps.networkPolicy.properties!.mode.enum ?? [])].sort(),
    ).toEqual(literals(modeAlias));
    expect(
      [
        ...(templateSpecProps.parameters.items!.properties!.type.enum ?? []),
      ].sort(),
    ).toEqual(literals(tsInterface('TemplateParameter').get('type')!.typeText));
    expect(
      [
        ...(sandboxStatus.properties!.conditions.items!.properties!.status
          .enum ?? []),
      ].sort(),
    ).toEqual(literals(tsInterface('Condition').get('status')!.typeText));
    expect(sandboxStatus.properties!.phase.enum).toEqual([...SANDBOX_PHASES]);
  });

  it('is structural: every node has a type unless it preserves unknown fields', () => {
    const untyped: string[] = [];
    const walk = (where: string, node: JSONSchemaProps) => {
      if (
        !node.type &&
        !node['x-kubernetes-preserve-unknown-fields'] &&
        !node['x-kubernetes-int-or-string']
      ) {
        untyped.push(where);
      }
      for (const [k, v] of Object.entries(node.properties ?? {})) {
        walk(`${where}.${k}`, v);
      }
      if (node.items) walk(`${where}[]`, node.items);
      if (node.additionalProperties) {
        walk(`${where}{}`, node.additionalProperties);
      }
    };
    walk('Sandbox', sandboxSchema);
    walk('SandboxTemplate', sandboxTemplateSchema);
    expect(untyped).toEqual([]);
  });
});
