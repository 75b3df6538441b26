import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The sandboxes entity provider (catalog-backend-module-sandboxes). */
      sandboxes?: {
        /**
         * How often every sandbox is read and the catalog updated.
         * Default: every 10 seconds, timeout 2 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
