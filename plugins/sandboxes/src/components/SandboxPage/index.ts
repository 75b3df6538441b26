export { SandboxPage } from './SandboxPage';
