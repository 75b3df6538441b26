/**
 * The sandbox operator: reconciles Sandbox custom resources into isolated
 * namespaces. Run it with src/main.ts, or in-process with startOperator.
 *
 * @packageDocumentation
 */
export { startOperator } from './startOperator';
export type { StartOperatorOptions, RunningOperator } from './startOperator';
export { installCrds, demoTemplateFiles, readTemplates } from './installCrds';
export { defaultOperatorConfig } from './config';
export type { OperatorConfig, IngressTlsConfig } from './config';
export type { OperatorLogger } from './controller/SandboxController';
