import { readFileSync } from 'node:fs';

/**
 * The README's "Install into your portal" section, read into the edits it
 * describes, so the proof applies what the README says and fails when the
 * README changes shape (a step without its code block is an error here,
 * not a silently skipped edit).
 */
export interface ReadmeInstallSteps {
  /** Step 1: the shell commands that add the packages (line continuations joined). */
  addPackages: string[];
  /** Step 2: the lines to add to packages/backend/src/index.ts. */
  backendLines: string;
  /** Step 3: the permission policy file's content and where it goes. */
  policyFile: { path: string; content: string };
  /** Step 3: the backend line to replace, and its replacement. */
  policyLine: { from: string; to: string };
  /** Step 4: the app-config key that makes the frontend need no code. */
  frontendDiscovery: string;
  /** Step 5: the configuration block for app-config.yaml. */
  config: string;
  /** Step 6: the catalog annotation block for an entity. */
  annotation: string;
}

const SECTION = '## Install into your portal';

function fencedBlocks(text: string, language: string): string[] {
  const pattern = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g');
  return [...text.matchAll(pattern)].map(found => found[1]);
}

function oneBlock(steps: Map<number, string>, step: number, language: string) {
  const blocks = fencedBlocks(steps.get(step) ?? '', language);
  if (blocks.length !== 1) {
    throw new Error(
      `README "${SECTION}" step ${step}: expected one \`\`\`${language} block, found ${blocks.length}`,
    );
  }
  return blocks[0];
}

function match(text: string, pattern: RegExp, what: string): RegExpMatchArray {
  const found = text.match(pattern);
  if (!found) throw new Error(`README "${SECTION}": ${what} not found`);
  return found;
}

export function readReadmeInstallSteps(readmePath: string): ReadmeInstallSteps {
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`README has no "${SECTION}" section`);
  const end = readme.indexOf('\n## ', start + SECTION.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);

  // Steps are paragraphs starting with **N.
  const steps = new Map<number, string>();
  const markers = [...section.matchAll(/^\*\*(\d+)\./gm)];
  markers.forEach((marker, i) => {
    steps.set(
      Number(marker[1]),
      section.slice(marker.index, markers[i + 1]?.index ?? section.length),
    );
  });

  const addPackages = oneBlock(steps, 1, 'sh')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean);

  const step3 = steps.get(3) ?? '';
  const policyPath = match(
    step3,
    /Create\s+`([^`]+\.ts)`/,
    'step 3: "Create `<file>.ts`"',
  )[1];
  const replace = match(
    step3,
    /replace\s+`([^`]+)`\s+with\s+`([^`]+)`/,
    'step 3: "replace `…` with `…`"',
  );
  const discovery = match(
    steps.get(4) ?? '',
    /`(app\.packages: all)`/,
    'step 4: "`app.packages: all`"',
  )[1];

  return {
    addPackages,
    backendLines: oneBlock(steps, 2, 'ts'),
    policyFile: { path: policyPath, content: oneBlock(steps, 3, 'ts') },
    policyLine: { from: replace[1], to: replace[2] },
    frontendDiscovery: discovery,
    config: oneBlock(steps, 5, 'yaml'),
    annotation: oneBlock(steps, 6, 'yaml'),
  };
}
