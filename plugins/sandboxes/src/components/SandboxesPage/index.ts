export { SandboxesPage } from './SandboxesPage';
