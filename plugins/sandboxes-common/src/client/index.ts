export * from './SandboxesClient';
