import type {
  components,
  operations,
  paths,
} from '../schema/openapi/generated/types';

/*
 * Shapes of the sandboxes backend REST API, named for the plugins that use
 * them. Every one is generated from the API's one description,
 * plugins/sandboxes-backend/src/schema/openapi.yaml.
 */

/**
 * The generated types of the whole API, for callers that need one the names
 * below do not cover.
 *
 * @public
 */
export type {
  components as SandboxesApiComponents,
  operations as SandboxesApiOperations,
  paths as SandboxesApiPaths,
};

/** @public */
export type SandboxesApiSchemas = components['schemas'];

/** A sandbox as the API returns it. @public */
export type Sandbox = SandboxesApiSchemas['Sandbox'];

/** @public */
export type SandboxLink = SandboxesApiSchemas['SandboxLink'];

/** @public */
export type ConnectCommand = SandboxesApiSchemas['ConnectCommand'];

/** One sandbox with everything its page shows. @public */
export type SandboxDetails = SandboxesApiSchemas['SandboxDetails'];

/** @public */
export type ActivityType = SandboxesApiSchemas['ActivityType'];

/** @public */
export type SandboxActivity = SandboxesApiSchemas['SandboxActivity'];

/** A template as the create form needs it. @public */
export type SandboxTemplateInfo = SandboxesApiSchemas['SandboxTemplateInfo'];

/** Filters, order and page of a list; `owner` is "me" or an entity ref. @public */
export type ListSandboxesRequest = NonNullable<
  operations['ListSandboxes']['parameters']['query']
>;

/** @public */
export type ListSandboxesResponse =
  SandboxesApiSchemas['ListSandboxesResponse'];

/** @public */
export type CreateSandboxRequest = SandboxesApiSchemas['CreateSandboxRequest'];

/** @public */
export type ExtendSandboxRequest = SandboxesApiSchemas['ExtendSandboxRequest'];

/** @public */
export type KeepAwakeRequest = SandboxesApiSchemas['KeepAwakeRequest'];

/** A branch to follow: a repository URL, or a catalog entity naming one. @public */
export type FollowRequest = NonNullable<SandboxesApiSchemas['FollowRequest']>;

/** A change to a running sandbox; absent fields stay as they are. @public */
export type UpdateSandboxRequest = SandboxesApiSchemas['UpdateSandboxRequest'];

/** A build CI made: images per component, from one commit of one branch. @public */
export type ReportBuildRequest = SandboxesApiSchemas['ReportBuildRequest'];

/** What a reported build did. @public */
export type ReportBuildResponse = SandboxesApiSchemas['ReportBuildResponse'];
