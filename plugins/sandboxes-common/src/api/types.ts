import type { components, operations } from '../schema/openapi/generated/types';

/*
 * Shapes of the sandboxes backend REST API, named for the plugins that use
 * them. Every one is generated from the API's one description,
 * plugins/sandboxes-backend/src/schema/openapi.yaml.
 */

type Schemas = components['schemas'];

/** A sandbox as the API returns it. @public */
export type Sandbox = Schemas['Sandbox'];

/** @public */
export type SandboxLink = Schemas['SandboxLink'];

/** @public */
export type ConnectCommand = Schemas['ConnectCommand'];

/** One sandbox with everything its page shows. @public */
export type SandboxDetails = Schemas['SandboxDetails'];

/** @public */
export type ActivityType = Schemas['ActivityType'];

/** @public */
export type SandboxActivity = Schemas['SandboxActivity'];

/** A template as the create form needs it. @public */
export type SandboxTemplateInfo = Schemas['SandboxTemplateInfo'];

/** Filters, order and page of a list; `owner` is "me" or an entity ref. @public */
export type ListSandboxesRequest = NonNullable<
  operations['ListSandboxes']['parameters']['query']
>;

/** @public */
export type ListSandboxesResponse = Schemas['ListSandboxesResponse'];

/** @public */
export type CreateSandboxRequest = Schemas['CreateSandboxRequest'];

/** @public */
export type ExtendSandboxRequest = Schemas['ExtendSandboxRequest'];

/** @public */
export type KeepAwakeRequest = Schemas['KeepAwakeRequest'];

/** A branch to follow: a repository URL, or a catalog entity naming one. @public */
export type FollowRequest = NonNullable<Schemas['FollowRequest']>;

/** A change to a running sandbox; absent fields stay as they are. @public */
export type UpdateSandboxRequest = Schemas['UpdateSandboxRequest'];

/** A build CI made: images per component, from one commit of one branch. @public */
export type ReportBuildRequest = Schemas['ReportBuildRequest'];

/** What a reported build did. @public */
export type ReportBuildResponse = Schemas['ReportBuildResponse'];
