export { BuildService } from './BuildService';
export type { EntityRepositoryLookup, UpdateCheck } from './BuildService';
export { DatabaseBuildStore } from './DatabaseBuildStore';
export { catalogRepositoryLookup } from './catalogRepositories';
