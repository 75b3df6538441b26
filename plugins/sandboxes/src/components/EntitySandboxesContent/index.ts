export { EntitySandboxesContent } from './EntitySandboxesContent';
export { EntitySandboxesCard } from './EntitySandboxesCard';
